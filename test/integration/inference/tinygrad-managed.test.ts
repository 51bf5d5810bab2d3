// The managed tinygrad server end to end, driven by a fake python3 that prints tinygrad's formats.
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runGeneration } from '../../../src/core/inference/metering/generation-client';
import { runTinygradBenchmark, TinygradServer } from '../../../src/core/inference/tinygrad/tinygrad-server';
import type { TinygradRequestLine } from '../../../src/core/inference/tinygrad/tinygrad-output';
import { freePort } from '../../support/free-port';

const fakePython = path.join(__dirname, '../../servers/fake-tinygrad-python.mjs');
let running: TinygradServer | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

it('starts the server with DEV set, reads its per-request line, notices a disconnect, stops with no orphan', async () => {
  const port = await freePort();
  const requests: TinygradRequestLine[] = [];
  running = new TinygradServer({ python: fakePython, model: 'llama3.1:8b', device: 'NV', port }, { onRequest: (line) => requests.push(line) });
  await expect.poll(() => running!.logTail().some((l) => l.includes('listening')), { timeout: 15_000 }).toBe(true);
  expect(running.logTail()[0]).toContain('using device NV for llama3.1:8b');

  const reply = await runGeneration({ dialect: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'llama3.1:8b', prompt: 'hi' });
  expect(reply.ok && reply.result.completionTokens).toBe(12);
  await expect.poll(() => requests.length).toBe(1);
  expect(requests[0]).toMatchObject({ genTokensPerSecond: 35, prefillTokensPerSecond: 850, outTokens: 12, interrupted: false });

  const controller = new AbortController();
  await runGeneration({ dialect: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'llama3.1:8b', prompt: 'hi', signal: controller.signal, onEvent: (e) => e.kind === 'delta' && controller.abort() });
  await expect.poll(() => requests.length).toBe(2);
  expect(requests[1]!.interrupted).toBe(true);

  const pid = running.pid;
  await running.stop();
  expect(running.state).toBe('exited');
  expect(() => process.kill(pid, 0)).toThrow();
});

it('refuses a model name tinygrad does not know', () => {
  expect(() => new TinygradServer({ python: fakePython, model: 'llama3; rm -rf /', device: 'NV', port: 8000 }, { onRequest: () => undefined })).toThrow(/does not know/);
});

it('--benchmark run: tok/s, GB/s and MB used from the per-token lines', async () => {
  const run = await runTinygradBenchmark({ python: fakePython, model: 'qwen3:8b', device: 'AMD', tokens: 10, timeoutMs: 15_000 });
  expect(run.exitCode).toBe(0);
  expect(run.lines).toHaveLength(10);
  expect(run.summary).toMatchObject({ tokens: 10, mbUsed: 14523, mbAllocated: 18023, medianGbPerSecond: 523.12 });
  expect(run.summary.medianTokensPerSecond).toBeCloseTo(35.21, 1);
});
