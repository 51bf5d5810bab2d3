// VRAM in use when the device does not report it: the sum of Ollama's resident models, labelled so.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCompanion } from '../../src/core/companion';
import type { CompanionCore } from '../../src/core/companion-types';
import { simToolPaths, writeSimState } from '../../src/core/sim/sim-control';
import { writeFileAtomic } from '../../src/core/store/atomic-file';

const GiB = 1024 ** 3;
let core: CompanionCore | null = null;
let server: http.Server | null = null;
const savedSimState = process.env.EGPU_SIM_STATE;

afterEach(async () => {
  await core?.stop();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  core = null;
  server = null;
  process.env.EGPU_SIM_STATE = savedSimState;
});

async function fakeOllama(body: string): Promise<string> {
  server = http.createServer((req, res) => {
    if (req.url === '/api/ps') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

async function startWith(ollamaUrl: string): Promise<CompanionCore> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-ollama-'));
  process.env.EGPU_SIM_STATE = path.join(dataDir, 'sim.json');
  await writeSimState(process.env.EGPU_SIM_STATE, { scenario: 'connected', gpu: 'rtx4090' });
  // Not demo mode: the user's own settings point at a tinygpu (here the simulator's) and at Ollama.
  await writeFileAtomic(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ version: 1, monitor: { source: 'tinygpu', ollamaUrl, paths: { tinygpu: simToolPaths().tinygpu } } }),
  );
  core = createCompanion({ dataDir, transport: 'direct' });
  await core.start();
  return core;
}

describe('VRAM in use from Ollama', () => {
  it('adds up the VRAM of the models Ollama keeps on the GPU', async () => {
    const url = await fakeOllama(
      JSON.stringify({
        models: [
          { name: 'llama4-scout:latest', model: 'llama4-scout:latest', size: 6 * GiB, size_vram: 5 * GiB, digest: 'a', expires_at: '2026-11-25T22:00:00Z' },
          { name: 'qwen3:8b', model: 'qwen3:8b', size: 2 * GiB, size_vram: 1 * GiB, digest: 'b', expires_at: '2026-11-25T22:00:00Z' },
        ],
      }),
    );
    const state = await (await startWith(url)).refresh({});
    expect(state.devices[0]).toMatchObject({ name: 'NVIDIA GeForce RTX 4090', vramUsedMB: 6144, vramUsedSource: 'ollama' });
  });

  it('leaves VRAM in use unknown when Ollama is not running', async () => {
    const state = await (await startWith('http://127.0.0.1:9')).refresh({});
    expect(state.devices[0]).toMatchObject({ vramUsedMB: null, vramUsedSource: null });
  });
});
