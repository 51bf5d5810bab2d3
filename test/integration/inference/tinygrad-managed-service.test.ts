// "Run a model on the eGPU" through the companion's contract, with a fake python3 that prints
// tinygrad's formats: the phases the UI shows, the log, the last request's figures, the ways it
// fails (in tinygrad's words), and no process left after a stop or after the app quits.
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Measurement, TinygradStatus } from '../../../src/core/api/inference';
import { createCompanion } from '../../../src/core/companion';
import { QUIT_BUDGET_MS, type CompanionCore } from '../../../src/core/companion-types';
import { runGeneration } from '../../../src/core/inference/metering/generation-client';
import { QUIT_GRACE_MS } from '../../../src/core/inference/tinygrad/tinygrad-server';
import { simBinDir, writeSimState } from '../../../src/core/sim/sim-control';
import { makeFakePython, type FakePython, type FakePythonOptions } from '../../support/fake-python';
import { freePort } from '../../support/free-port';

let fake: FakePython | null = null;
const cores: CompanionCore[] = [];
const blockers: net.Server[] = [];

beforeEach(() => {
  vi.stubEnv('SHELL', '/bin/false');
});
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
  await Promise.all(blockers.splice(0).map((server) => new Promise((r) => server.close(r))));
  if (fake) expect(fake.processCount()).toBe(0);
  fake?.remove();
  fake = null;
  vi.unstubAllEnvs();
});

async function startCore(options: FakePythonOptions & { python?: string; gguf?: string } = {}): Promise<{ core: CompanionCore; port: number; statuses: TinygradStatus[] }> {
  fake = makeFakePython(options);
  vi.stubEnv('HOME', fake.home);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-tinygrad-serve-'));
  const simStateFile = path.join(dataDir, 'sim-state.json');
  await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
  const port = await freePort();
  const tinygrad = { python: options.python ?? fake.python, port, gguf: options.gguf ?? null };
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, inference: { tinygrad } }));
  const core = createCompanion({ dataDir, transport: 'direct', demo: { simStateFile, simBinDir: simBinDir() } });
  cores.push(core);
  await core.start();
  const statuses: TinygradStatus[] = [];
  core.on('tinygradStatus', (s) => statuses.push(s));
  return { core, port, statuses };
}

describe('the managed tinygrad server', () => {
  it('goes starting → loading → serving, shows its log and the last request’s prefill and gen tok/s, and is gone after the app quits', async () => {
    const { core, port, statuses } = await startCore({ loadMs: 300 });
    const measurements: Measurement[] = [];
    core.on('inferenceMeasurement', (m) => measurements.push(m));
    const idle = (await core.getInferenceStatus({})).tinygrad;
    expect(idle).toMatchObject({ phase: 'stopped', running: false, unavailable: null, benchmarkRunning: false, port });
    expect(idle.models).not.toContain('gguf');

    const started = await core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' });
    expect(started.tinygrad).toMatchObject({ running: true, model: 'llama3.1:8b', choice: 'llama3.1:8b', device: 'NV' });
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 15_000 }).toBe('serving');
    const phases = statuses.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['starting', 'loading', 'serving']);
    const serving = (await core.getInferenceStatus({})).tinygrad;
    expect(serving.log[0]).toBe('using device NV for llama3.1:8b');
    expect(serving.log).toContain('loading llama3.1:8b');
    // Only the last state of a progress bar is kept.
    expect(serving.log).toContain('downloading 100%');
    expect(serving.log.join('\n')).not.toContain('40%');

    const reply = await runGeneration({ dialect: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'llama3.1:8b', prompt: 'hi' });
    expect(reply.ok).toBe(true);
    await expect.poll(() => statuses.at(-1)?.lastRequest ?? null).toMatchObject({ prefillTokensPerSecond: 850, genTokensPerSecond: 35, outTokens: 12, interrupted: false });
    await expect.poll(() => measurements.length).toBe(1);
    expect(measurements[0]).toMatchObject({ source: 'tinygrad-serve', model: 'llama3.1:8b', onEgpu: true, tokensPerSecond: 35, promptTokensPerSecond: 850, gpu: 'NVIDIA GeForce RTX 4090' });

    // Quitting the app with the server running: the core stops it and nothing of it is left.
    expect(fake!.processCount()).toBeGreaterThan(0);
    await core.stop();
    cores.splice(0);
    expect(fake!.processCount()).toBe(0);
  });

  it('stops on demand, keeps the log readable, and the all-interfaces warning and its server row follow', async () => {
    const { core, statuses, port } = await startCore();
    const row = async () => (await core.getInferenceStatus({})).servers.find((s) => s.url.includes(`:${port}`));
    await core.startTinygrad({ model: 'qwen3:8b', device: 'AMD' });
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 15_000 }).toBe('serving');
    expect((await core.getState({})).hazards.map((h) => h.id)).toContain('tinygrad-listens-on-network');
    // The server rows are asked again when it starts serving: its port's row says tinygrad is up.
    await expect.poll(async () => (await row())?.state, { timeout: 5000 }).toBe('up');
    expect((await row())?.kind).toBe('tinygrad');
    await core.stopTinygrad({});
    await expect.poll(async () => (await row())?.state, { timeout: 5000 }).toBe('down');
    expect(fake!.processCount()).toBe(0);
    const stopped = (await core.getInferenceStatus({})).tinygrad;
    expect(stopped).toMatchObject({ phase: 'stopped', running: false, model: 'qwen3:8b', device: 'AMD', error: null });
    expect(stopped.log[0]).toBe('using device AMD for qwen3:8b');
    expect((await core.getState({})).hazards.map((h) => h.id)).not.toContain('tinygrad-listens-on-network');
  });

  it('says why it failed when tinygrad dies while loading', async () => {
    const { core, statuses } = await startCore({ failModel: 'llama3.1:8b' });
    await core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' });
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 15_000 }).toBe('failed');
    expect(statuses.at(-1)).toMatchObject({ running: false, error: 'tinygrad exited with code 1: RuntimeError: out of memory allocating 18023 MB on NV' });
    expect(statuses.at(-1)?.log).toContain('Traceback (most recent call last):');
    expect((await core.getState({})).hazards.map((h) => h.id)).not.toContain('tinygrad-listens-on-network');
  });

  it('reading the status never runs python3; the card asks, and the answer is pushed', async () => {
    const { core, statuses } = await startCore({ tinygradMissing: true });
    const t0 = performance.now();
    const status = await core.getInferenceStatus({});
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(status.tinygrad.unavailable).toBeNull();
    expect(fake!.readinessChecks()).toBe(0);
    // The card (or the benchmark form) is shown: it asks once, and the answer reaches every view.
    const checked = await core.checkTinygradReadiness({});
    expect(checked.unavailable).toMatch(/^tinygrad is not installed/);
    expect(statuses.at(-1)?.unavailable).toBe(checked.unavailable);
    expect(fake!.readinessChecks()).toBe(1);
    // Remembered: the next status reads say so without asking python3 again.
    await core.getInferenceStatus({});
    await core.checkTinygradReadiness({});
    expect((await core.getInferenceStatus({})).tinygrad.unavailable).toBe(checked.unavailable);
    expect(fake!.readinessChecks()).toBe(1);
  });

  it('reports a python3 without tinygrad before a start, and refuses to start', async () => {
    const { core } = await startCore({ tinygradMissing: true });
    const status = await core.checkTinygradReadiness({});
    expect(status.unavailable).toBe(`tinygrad is not installed for ${fake!.python} (pip install tinygrad, or set inference.tinygrad.python)`);
    await expect(core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' })).rejects.toThrow(/tinygrad is not installed/);
    expect((await core.getInferenceStatus({})).tinygrad).toMatchObject({ phase: 'failed', running: false });
  });

  it('reports a missing python3', async () => {
    const { core } = await startCore({ python: 'python3-that-is-not-there' });
    expect((await core.checkTinygradReadiness({})).unavailable).toBe('python3-that-is-not-there was not found; install Python 3 or set inference.tinygrad.python in settings.json');
  });

  it('refuses a port another program holds', async () => {
    const { core, port } = await startCore();
    const blocker = net.createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    await expect(core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' })).rejects.toThrow(`port ${port} is already in use by another program`);
    expect(fake!.processCount()).toBe(0);
  });

  it('offers the GGUF file from the settings by its name only, runs it by path, and saves its requests by name', async () => {
    const { core, statuses, port } = await startCore({ gguf: '/models/Llama-3.1-8B-Q4_K_M.gguf' });
    const measurements: Measurement[] = [];
    core.on('inferenceMeasurement', (m) => measurements.push(m));
    expect((await core.getInferenceStatus({})).tinygrad.models).toContain('gguf');
    await core.startTinygrad({ model: 'gguf', device: 'NV' });
    await expect.poll(() => statuses.at(-1)?.log ?? [], { timeout: 15_000 }).toContain('using device NV for /models/Llama-3.1-8B-Q4_K_M.gguf');
    expect(statuses.at(-1)).toMatchObject({ model: 'Llama-3.1-8B-Q4_K_M.gguf', choice: 'gguf' });
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 15_000 }).toBe('serving');
    expect((await runGeneration({ dialect: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'x', prompt: 'hi' })).ok).toBe(true);
    await expect.poll(() => measurements.length).toBe(1);
    expect(measurements[0]?.model).toBe('Llama-3.1-8B-Q4_K_M.gguf');
  });

  it('refuses a file path from a client, whatever the transport: tinygrad runs only its own names or the settings’ GGUF file', async () => {
    const { core } = await startCore({ gguf: '/models/Llama-3.1-8B-Q4_K_M.gguf' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-gguf-'));
    const file = path.join(dir, 'x.gguf');
    writeFileSync(file, 'not a model');
    for (const model of [file, '/tmp/x.gguf', 'x.gguf', '../x.gguf']) {
      await expect(core.startTinygrad({ model, device: 'NV' })).rejects.toMatchObject({ name: 'ApiError', code: 'invalid-payload' });
      await expect(core.runTinygradBenchmark({ model, device: 'NV', tokens: 5 })).rejects.toMatchObject({ name: 'ApiError', code: 'invalid-payload' });
    }
    expect(fake!.processCount()).toBe(0);
    expect((await core.getInferenceStatus({})).tinygrad).toMatchObject({ phase: 'stopped', running: false });
  });

  it('shows "loading" as soon as tinygrad prints anything, a download’s progress bar included', async () => {
    const { core, statuses } = await startCore({ progressBarOnly: true, loadMs: 60_000 });
    await core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' });
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 15_000 }).toBe('loading');
  });

  it('quitting stops a tinygrad that ignores Ctrl-C within the quit budget, and leaves no process', async () => {
    const { core, statuses } = await startCore({ ignoresSignals: true });
    await core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' });
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 15_000 }).toBe('serving');
    const t0 = performance.now();
    await core.stop();
    cores.splice(0);
    const took = performance.now() - t0;
    // Ctrl-C was ignored (it waited the grace period), and the kill came well inside the budget.
    expect(took).toBeGreaterThanOrEqual(QUIT_GRACE_MS - 50);
    expect(took).toBeLessThan(QUIT_BUDGET_MS);
    expect(fake!.processCount()).toBe(0);
  });
});

describe('beside a benchmark', () => {
  it('quitting stops a benchmark that ignores Ctrl-C within the quit budget, and leaves no process', async () => {
    const { core, statuses } = await startCore({ ignoresSignals: true, lineDelayMs: 100 });
    const progress: number[] = [];
    core.on('tinygradBenchmarkProgress', (p) => progress.push(p.tokensDone));
    const run = core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 200 }).catch((error: Error) => error.message);
    await expect.poll(() => statuses.at(-1)?.benchmarkRunning).toBe(true);
    // It is printing tokens: its Ctrl-C handler is in place.
    await expect.poll(() => progress.at(-1) ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const t0 = performance.now();
    await core.stop();
    cores.splice(0);
    const took = performance.now() - t0;
    // Ctrl-C was ignored (it waited the grace period), and the kill came well inside the budget.
    expect(took).toBeGreaterThanOrEqual(QUIT_GRACE_MS - 50);
    expect(took).toBeLessThan(QUIT_BUDGET_MS);
    expect(await run).toBe('the benchmark was stopped');
    expect(fake!.processCount()).toBe(0);
  });

  it('says while a --benchmark run holds the eGPU, and refuses to start until it ends', async () => {
    const { core, statuses } = await startCore({ lineDelayMs: 100 });
    const run = core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 200 });
    const ended = run.then(
      () => null,
      (error: Error) => error.message,
    );
    await expect.poll(() => statuses.at(-1)?.benchmarkRunning).toBe(true);
    expect((await core.getInferenceStatus({})).tinygrad.benchmarkRunning).toBe(true);
    await expect(core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' })).rejects.toThrow('A tinygrad benchmark is running on the eGPU: wait for it or stop it first.');
    await core.cancelTinygradBenchmark({});
    expect(await ended).toBe('the benchmark was stopped');
    await expect.poll(() => statuses.at(-1)?.benchmarkRunning).toBe(false);
  });
});
