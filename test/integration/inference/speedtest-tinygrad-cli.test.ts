// `speedtest --backend tinygrad-benchmark` with a fake python3 found on PATH (or named with --python)
// and the simulator's tinygpu for the card: per-run and median figures, the JSON scripts read, and
// exit 2 with one line when python3 or tinygrad is missing. No process is left behind.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runSpeedtestCli } from '../../../src/cli/speedtest';
import type { TinygradSpeedtestReport } from '../../../src/cli/speedtest-tinygrad';
import { simBinDir, writeSimState, type SimGpu } from '../../../src/core/sim/sim-control';
import { makeFakePython, type FakePython, type FakePythonOptions } from '../../support/fake-python';

const cleanups: Array<() => void> = [];
let fake: FakePython | null = null;
afterEach(() => {
  if (fake) expect(fake.processCount()).toBe(0);
  fake = null;
  cleanups.splice(0).forEach((clean) => clean());
});

function capture() {
  const io = { outText: '', errText: '', out: (t: string) => void (io.outText += t), err: (t: string) => void (io.errText += t) };
  return io;
}

/** An environment with nothing of this machine: PATH holds node, the simulator and (optionally) the fake python3. */
async function world(options: FakePythonOptions & { gpu?: SimGpu; withPython?: boolean } = {}) {
  fake = makeFakePython(options);
  const f = fake;
  const root = mkdtempSync(path.join(os.tmpdir(), 'egpu-cli-bench-'));
  const nodeDir = path.join(root, 'node-bin');
  mkdirSync(nodeDir);
  symlinkSync(process.execPath, path.join(nodeDir, 'node'));
  const state = path.join(root, 'sim.json');
  await writeSimState(state, { scenario: 'connected', gpu: options.gpu ?? 'rtx4090' });
  cleanups.push(() => {
    f.remove();
    rmSync(root, { recursive: true, force: true });
  });
  const dirs = [...(options.withPython === false ? [] : [f.binDir]), nodeDir, simBinDir()];
  return { HOME: f.home, SHELL: '/bin/false', XDG_CONFIG_HOME: root, EGPU_SIM_STATE: state, PATH: dirs.join(path.delimiter) };
}

it('--json: per-run and median tok/s, GB/s and MB used, DEV from the card, the share of its bandwidth', async () => {
  const env = await world();
  const io = capture();
  const code = await runSpeedtestCli({ values: { backend: 'tinygrad-benchmark', model: 'llama3.1:8b', runs: '2', 'max-tokens': '10', json: true }, positionals: [] }, io, env);
  expect(io.errText).toBe('');
  expect(code).toBe(0);
  const doc = JSON.parse(io.outText) as TinygradSpeedtestReport;
  expect(doc).toMatchObject({ backend: 'tinygrad-benchmark', model: 'llama3.1:8b', device: 'NV', gpu: 'NVIDIA GeForce RTX 4090', link: 'Thunderbolt 4 · PCIe x4 Gen4', tokens: 10, warning: null });
  expect(doc.runs).toHaveLength(2);
  expect(doc.runs[0]).toMatchObject({ outcome: 'completed', gbPerSecond: 523.12, mbUsed: 14523, mbAllocated: 18023, completionTokens: 10 });
  expect(doc.runs[0]!.tokensPerSecond).toBeCloseTo(35.21, 1);
  expect(doc.median).toMatchObject({ gbPerSecond: 523.12, mbUsed: 14523 });
  expect(doc.median.tokensPerSecond).toBeCloseTo(35.21, 1);
  expect(doc.bandwidth).toEqual({ percent: 52, text: "achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s" });
});

it('prints each run and the median as text; an AMD card gets DEV=AMD; a slow result carries the guide\u2019s warning', async () => {
  const env = await world({ gpu: 'rx7900xtx', tokenMs: 150 });
  const io = capture();
  const code = await runSpeedtestCli({ values: { backend: 'tinygrad-benchmark', model: 'qwen3:8b', 'max-tokens': '8', python: (fake as FakePython).python }, positionals: [] }, io, env);
  expect(code).toBe(0);
  const lines = io.outText.trim().split('\n');
  expect(lines[0]).toBe('qwen3:8b via tinygrad --benchmark (DEV=AMD) · eGPU (tinygrad) · AMD Radeon RX 7900 XTX · Thunderbolt 4 · PCIe x4 Gen4');
  expect(lines[1]).toBe('  run 1: 6.7 tok/s, 99.0 GB/s, 14523 MB moved per token, 18023 MB allocated, 8 tokens');
  expect(lines[2]).toBe('  median: 6.7 tok/s, 99.0 GB/s, 14523 MB moved per token');
  expect(lines[3]).toBe("  achieved 99 GB/s = 10 % of the RX 7900 XTX's 960 GB/s");
  expect(lines[4]).toMatch(/^ {2}warning: 6\.7 tok\/s on an 8B model: the eGPU is probably not doing the work\. The guide's rule/);
});

it('exits 2 with one line when python3 is not on PATH', async () => {
  const env = await world({ withPython: false });
  const io = capture();
  expect(await runSpeedtestCli({ values: { backend: 'tinygrad-benchmark', model: 'llama3.1:8b', json: true }, positionals: [] }, io, env)).toBe(2);
  expect(io.outText).toBe('');
  expect(io.errText).toBe('egpu-companion: speedtest: python3 was not found; install Python 3 or set inference.tinygrad.python in settings.json\n');
});

it('exits 2 with one line when tinygrad is not installed', async () => {
  const env = await world({ tinygradMissing: true });
  const io = capture();
  expect(await runSpeedtestCli({ values: { backend: 'tinygrad-benchmark', model: 'llama3.1:8b' }, positionals: [] }, io, env)).toBe(2);
  expect(io.errText.trim().split('\n')).toHaveLength(1);
  expect(io.errText).toMatch(/^egpu-companion: speedtest: tinygrad is not installed for .*python3 \(pip install tinygrad/);
});

it('refuses an unknown model, a missing --model and a bad --device before running anything', async () => {
  const env = await world();
  const run = (values: Record<string, string>) => runSpeedtestCli({ values: { backend: 'tinygrad-benchmark', ...values }, positionals: [] }, capture(), env);
  await expect(run({})).rejects.toThrow(/--model is required/);
  await expect(run({ model: 'gpt-5' })).rejects.toThrow(/does not know the model "gpt-5"/);
  await expect(run({ model: 'llama3.1:8b', device: 'METAL' })).rejects.toThrow(/--device must be NV or AMD/);
  await expect(run({ model: 'llama3.1:8b', 'max-tokens': '500' })).rejects.toThrow(/--max-tokens/);
});

it('--model takes a .gguf path relative to where it is typed, and runs it by its absolute path', async () => {
  const env = await world();
  const gguf = path.join(fake!.home, 'models', 'Llama-3.1-8B-Q4_K_M.gguf');
  const relative = path.relative(process.cwd(), gguf);
  expect(path.isAbsolute(relative)).toBe(false);
  const io = capture();
  const code = await runSpeedtestCli({ values: { backend: 'tinygrad-benchmark', model: relative, 'max-tokens': '5', json: true }, positionals: [] }, io, env);
  expect(io.errText).toBe('');
  expect(code).toBe(0);
  expect((JSON.parse(io.outText) as TinygradSpeedtestReport).model).toBe(gguf);
});
