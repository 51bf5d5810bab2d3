// A server that reports absurd counts (usage 1e308 tokens) still gets its generation recorded: the
// rate that would be Infinity is unknown, the rest of the measurement is kept.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { MeasurementSchema } from '../../../src/core/api/inference';
import { createCompanion } from '../../../src/core/companion';
import { runGeneration } from '../../../src/core/inference/metering/generation-client';

async function absurdUsageBackend(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const tick = setInterval(() => {
        if (sent < 5) {
          res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: `t${sent}` } }] })}\n\n`);
          sent += 1;
          return;
        }
        clearInterval(tick);
        res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 1e308, completion_tokens: 1e308 } })}\n\n`);
        res.end('data: [DONE]\n\n');
      }, 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

it('a usage figure of 1e308 is recorded with an unknown rate, not dropped', async () => {
  const backend = await absurdUsageBackend();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-inf-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, inference: { proxy: { port, target: backend.url } } }));
  const core = createCompanion({ dataDir, transport: 'direct' });
  try {
    await core.start();
    const status = await core.startMeteringProxy({});
    const reply = await runGeneration({ dialect: 'openai', baseUrl: `${status.proxy.url!}/v1`, model: 'qwen3:8b', prompt: 'hi' });
    expect(reply.ok).toBe(true);
    await expect.poll(async () => (await core.getInferenceHistory({})).length).toBe(1);
    const [m] = await core.getInferenceHistory({});
    expect(MeasurementSchema.safeParse(m).success).toBe(true);
    expect(m).toMatchObject({ source: 'proxy', model: 'qwen3:8b', outcome: 'completed', tokensPerSecond: null });
    expect(m!.ttftMs).not.toBeNull();
  } finally {
    await core.stop();
    await backend.close();
  }
});
