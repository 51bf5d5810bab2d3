// The eGPU speed test through the companion's contract: a fake python3 prints tinygrad's real
// --benchmark lines; the result is saved with the simulator's GPU and link and survives a restart;
// one tinygrad process at a time; the guide's slow-eGPU rule and the all-interfaces warning show up
// in the app state. Every process the fake starts is gone afterwards.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TinygradBenchmarkProgress } from '../../../src/core/api/inference';
import { BACKEND_NOT_ACTIVE_HAZARD_ID, TINYGRAD_LISTENS_HAZARD_ID } from '../../../src/core/api/inference';
import { createCompanion } from '../../../src/core/companion';
import type { CompanionCore } from '../../../src/core/companion-types';
import { simBinDir, writeSimState } from '../../../src/core/sim/sim-control';
import { makeFakePython, type FakePython, type FakePythonOptions } from '../../support/fake-python';
import { freePort } from '../../support/free-port';

let fake: FakePython | null = null;
const cores: CompanionCore[] = [];

beforeEach(() => {
  vi.stubEnv('SHELL', '/bin/false');
});
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
  if (fake) expect(fake.processCount()).toBe(0);
  fake?.remove();
  fake = null;
  vi.unstubAllEnvs();
});

async function setup(options: FakePythonOptions = {}): Promise<{ dataDir: string; simStateFile: string; port: number }> {
  fake = makeFakePython(options);
  vi.stubEnv('HOME', fake.home);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-bench-'));
  const simStateFile = path.join(dataDir, 'sim-state.json');
  await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
  const port = await freePort();
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, inference: { tinygrad: { python: fake.python, port } } }));
  return { dataDir, simStateFile, port };
}

async function startCore(dataDir: string, simStateFile: string): Promise<CompanionCore> {
  const core = createCompanion({ dataDir, transport: 'direct', demo: { simStateFile, simBinDir: simBinDir() } });
  cores.push(core);
  await core.start();
  await core.refresh({});
  return core;
}

describe('runTinygradBenchmark', () => {
  it('saves tok/s, GB/s and MB used with the GPU and link, compares with the card, and keeps it across a restart', async () => {
    const { dataDir, simStateFile } = await setup({ lineDelayMs: 15 });
    const core = await startCore(dataDir, simStateFile);
    const progress: TinygradBenchmarkProgress[] = [];
    core.on('tinygradBenchmarkProgress', (p) => progress.push(p));

    const result = await core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 30 });
    expect(result.measurement).toMatchObject({
      source: 'tinygrad-benchmark',
      backend: 'tinygrad',
      model: 'llama3.1:8b',
      onEgpu: true,
      outcome: 'completed',
      gpu: 'NVIDIA GeForce RTX 4090',
      link: 'Thunderbolt 4 · PCIe x4 Gen4',
      gbPerSecond: 523.12,
      mbUsed: 14523,
      completionTokens: 30,
    });
    expect(result.measurement.tokensPerSecond).toBeCloseTo(35.21, 1);
    expect(result.mbAllocated).toBe(18023);
    expect(result.bandwidth?.text).toBe("achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s");
    // Progress while it ran, then a last reading that says it stopped.
    expect(progress.some((p) => p.running && p.tokensDone > 0 && p.tokensTotal === 30)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ running: false, tokensDone: 30 });
    // 35 tok/s on an 8B model: the guide's rule stays quiet.
    expect((await core.getState({})).hazards.map((h) => h.id)).not.toContain(BACKEND_NOT_ACTIVE_HAZARD_ID);

    await core.stop();
    cores.splice(0);
    const again = await startCore(dataDir, simStateFile);
    const history = await again.getInferenceHistory({});
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ source: 'tinygrad-benchmark', gpu: 'NVIDIA GeForce RTX 4090', gbPerSecond: 523.12, mbUsed: 14523 });
    const status = await again.getInferenceStatus({});
    expect(status.lastByModel.map((m) => `${m.model} ${m.source}`)).toEqual(['llama3.1:8b tinygrad-benchmark']);
  });

  it('under 10 tok/s on an 8B model raises the guide\u2019s "backend not active" warning, which survives a restart and can be dismissed', async () => {
    const { dataDir, simStateFile } = await setup({ tokenMs: 150 });
    const core = await startCore(dataDir, simStateFile);
    const states: string[][] = [];
    core.on('state', (s) => states.push(s.hazards.map((h) => h.id)));
    const result = await core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 10 });
    expect(result.measurement.tokensPerSecond).toBeCloseTo(6.67, 1);
    const hazard = (await core.getState({})).hazards.find((h) => h.id === BACKEND_NOT_ACTIVE_HAZARD_ID);
    expect(hazard).toMatchObject({ severity: 'warning', title: '6.7 tok/s on an 8B model: the eGPU is probably not doing the work' });
    expect(hazard?.why).toContain('under 10 tok/s on an 8B model means the GPU backend is not active');
    // Pushed to the popover as it happened, not only on the next poll.
    expect(states.some((ids) => ids.includes(BACKEND_NOT_ACTIVE_HAZARD_ID))).toBe(true);

    await core.stop();
    cores.splice(0);
    const again = await startCore(dataDir, simStateFile);
    expect((await again.getState({})).hazards.map((h) => h.id)).toContain(BACKEND_NOT_ACTIVE_HAZARD_ID);
    const dismissed = await again.dismissHazard({ id: BACKEND_NOT_ACTIVE_HAZARD_ID });
    expect(dismissed.hazards.map((h) => h.id)).not.toContain(BACKEND_NOT_ACTIVE_HAZARD_ID);

    // Dismissed stays dismissed after a restart; a new slow result brings it back.
    await again.stop();
    cores.splice(0);
    const third = await startCore(dataDir, simStateFile);
    expect((await third.getState({})).hazards.map((h) => h.id)).not.toContain(BACKEND_NOT_ACTIVE_HAZARD_ID);
    await third.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 10 });
    expect((await third.getState({})).hazards.map((h) => h.id)).toContain(BACKEND_NOT_ACTIVE_HAZARD_ID);
  });

  it('runs the GGUF file from the settings and shows and saves it by its file name', async () => {
    const { dataDir, simStateFile, port } = await setup();
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, inference: { tinygrad: { python: fake!.python, port, gguf: '/models/Llama-3.1-8B-Q4_K_M.gguf' } } }));
    const core = await startCore(dataDir, simStateFile);
    const progress: TinygradBenchmarkProgress[] = [];
    core.on('tinygradBenchmarkProgress', (p) => progress.push(p));
    const result = await core.runTinygradBenchmark({ model: 'gguf', device: 'NV', tokens: 5 });
    expect(result.measurement.model).toBe('Llama-3.1-8B-Q4_K_M.gguf');
    expect(new Set(progress.map((p) => p.model))).toEqual(new Set(['Llama-3.1-8B-Q4_K_M.gguf']));
    expect((await core.getInferenceHistory({})).map((m) => m.model)).toEqual(['Llama-3.1-8B-Q4_K_M.gguf']);
  });

  it('one tinygrad process at a time: refused while the managed server runs, which shows the all-interfaces warning', async () => {
    const { dataDir, simStateFile, port } = await setup();
    const core = await startCore(dataDir, simStateFile);
    const started = await core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' });
    expect(started.tinygrad.running).toBe(true);
    const warning = (await core.getState({})).hazards.find((h) => h.id === TINYGRAD_LISTENS_HAZARD_ID);
    expect(warning).toMatchObject({ severity: 'info', title: `tinygrad's server accepts connections from your network on port ${port}` });
    expect(warning?.why).toContain('Stop it when you are on an untrusted network');

    await expect(core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 5 })).rejects.toThrow(/stop it first/);
    await core.stopTinygrad({});
    expect((await core.getState({})).hazards.map((h) => h.id)).not.toContain(TINYGRAD_LISTENS_HAZARD_ID);
    const result = await core.runTinygradBenchmark({ model: 'qwen3:8b', device: 'NV', tokens: 5 });
    expect(result.measurement.model).toBe('qwen3:8b');
  });

  it('a second benchmark or the server is refused while one runs, and the updater waits; cancelling stops it with no orphan', async () => {
    const { dataDir, simStateFile } = await setup({ lineDelayMs: 200 });
    const core = await startCore(dataDir, simStateFile);
    expect(await core.busy()).toEqual([]);
    const progress: TinygradBenchmarkProgress[] = [];
    core.on('tinygradBenchmarkProgress', (p) => progress.push(p));
    const run = core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 200 });
    const failed = run.then(
      () => null,
      (error: Error) => error.message,
    );
    await expect.poll(() => progress.some((p) => p.tokensDone > 0), { timeout: 10_000 }).toBe(true);
    expect(fake!.processCount()).toBeGreaterThan(0);
    expect(await core.busy()).toEqual(['a tinygrad benchmark']);
    await expect(core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 5 })).rejects.toThrow(/already running/);
    await expect(core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' })).rejects.toThrow(/benchmark is running/);
    await core.cancelTinygradBenchmark({});
    expect(await failed).toBe('the benchmark was stopped');
    expect(fake!.processCount()).toBe(0);
    expect(await core.busy()).toEqual([]);
    expect(await core.getInferenceHistory({})).toHaveLength(0);
  });

  it('says clearly when tinygrad is not installed or the model is unknown', async () => {
    const { dataDir, simStateFile } = await setup({ tinygradMissing: true });
    const core = await startCore(dataDir, simStateFile);
    await expect(core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 5 })).rejects.toThrow(/^tinygrad is not installed for .*python3/);
    await expect(core.runTinygradBenchmark({ model: 'no-such-model', device: 'NV', tokens: 5 })).rejects.toThrow(/does not know the model/);
    await expect(core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 500 } as never)).rejects.toThrow();
  });
});
