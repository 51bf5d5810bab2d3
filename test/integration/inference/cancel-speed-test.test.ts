// The cancelSpeedTest command, through the companion's API as the popover calls it: the running
// test ends at once, and the runs measured until then are saved and returned.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createCompanion } from '../../../src/core/companion';
import { startStreamServer } from '../../servers/stream-server';

it('cancelSpeedTest ends a running speed test; what it measured is returned and in the history', async () => {
  // 30 tokens at 40 tok/s: under a second per run, so the warm-up and the first run finish first.
  const backend = await startStreamServer({ tokensPerSecond: 40, ttftMs: 10, tokens: 30 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-inf-'));
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ version: 1, inference: { discovery: { enabled: false, ports: [] }, servers: [{ id: 'box', name: 'Box', dialect: 'openai', url: backend.openAiUrl }] } }),
  );
  const core = createCompanion({ dataDir, transport: 'direct' });
  try {
    await core.start();
    await expect.poll(async () => (await core.getInferenceServers({})).servers.map((s) => s.id)).toContain('box');
    const running = core.runSpeedTest({ serverId: 'box', model: 'qwen3:8b', runs: 5 });
    // Stop while the second measured run streams (the warm-up is the first request).
    await expect.poll(() => backend.requests.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(await core.cancelSpeedTest({})).toEqual({ ok: true });
    const saved = await running;
    expect(saved.map((m) => m.outcome)).toEqual(['completed', 'cancelled']);
    expect(backend.requests).toHaveLength(3);
    await expect.poll(async () => (await core.getInferenceHistory({})).map((m) => m.outcome)).toEqual(['completed', 'cancelled']);
    // Nothing runs any more: a second cancel is harmless.
    expect(await core.cancelSpeedTest({})).toEqual({ ok: true });
  } finally {
    await core.stop();
    await backend.close();
  }
}, 30_000);
