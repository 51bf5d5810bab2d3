// The inference commands through the companion's direct API: proxy started by command, a
// generation through it produces live readings, a tray title, then a saved measurement.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createCompanion } from '../../../src/core/companion';
import { runGeneration } from '../../../src/core/inference/metering/generation-client';
import { startStreamServer } from '../../servers/stream-server';

it('metering proxy via the contract: live readings, tray title set then cleared, measurement in history', async () => {
  const backend = await startStreamServer({ tokensPerSecond: 50, ttftMs: 50, tokens: 40 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-inf-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, inference: { proxy: { port, target: backend.url } } }));
  const core = createCompanion({ dataDir, transport: 'direct' });
  const live: number[] = [];
  const titles: (string | null)[] = [];
  core.on('inferenceLive', (r) => live.push(r.tokens));
  core.on('inferenceTrayTitle', (t) => titles.push(t.text));
  try {
    await core.start();
    const status = await core.startMeteringProxy({});
    expect(status.proxy.running).toBe(true);
    const reply = await runGeneration({ dialect: 'ollama', baseUrl: status.proxy.url!, model: 'qwen3:8b', prompt: 'hi' });
    expect(reply.ok).toBe(true);
    await expect.poll(async () => (await core.getInferenceHistory({})).length).toBe(1);
    const [m] = await core.getInferenceHistory({});
    expect(m).toMatchObject({ source: 'proxy', model: 'qwen3:8b', onEgpu: false, completionTokens: 40 });
    expect(live.length).toBeGreaterThan(3);
    expect(titles.some((t) => t !== null && /tok\/s$/.test(t))).toBe(true);
    expect(titles[titles.length - 1]).toBeNull();
    await expect(core.updateSettings({ inference: { proxy: { target: 'http://evil' } } } as never)).rejects.toThrow();
  } finally {
    await core.stop();
    await backend.close();
  }
});
