// Flipping the simulator: the typed API, the state file the tools read, and simctl.
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIM_STATE,
  SIM_STATE_ENV,
  SimGpuSchema,
  SimScenarioSchema,
  SimStateError,
  findPackageRoot,
  readSimState,
  simBinDir,
  simToolPaths,
  toDemoScenario,
  updateSimState,
  writeSimState,
} from '../../../src/core/sim/sim-control';
import { TOOL_PATHS, createSimSandbox, runTool, type SimSandbox } from './sim-harness';

let sim: SimSandbox;
beforeAll(async () => {
  sim = await createSimSandbox();
});
afterAll(async () => {
  await sim.cleanup();
});

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('the state file', () => {
  it('changes what the very next run prints', async () => {
    await sim.setState({ scenario: 'connected' });
    expect((await sim.run('tinygpu', ['list'])).stdout).toContain('Device 0: NVIDIA GeForce RTX 4090');
    await sim.setState({ scenario: 'absent' });
    expect((await sim.run('tinygpu', ['list'])).stdout).toBe('No devices found.\n');
    await sim.setState({ scenario: 'connected', gpu: 'rtx3090' });
    expect((await sim.run('tinygpu', ['list'])).stdout).toContain('Device 0: NVIDIA GeForce RTX 3090');
  });

  it('means "connected" when the variable is unset or the file is missing, without a warning', async () => {
    const { [SIM_STATE_ENV]: _unused, ...withoutState } = process.env;
    const unset = await runTool(TOOL_PATHS.tinygpu, ['list'], withoutState);
    expect(unset).toMatchObject({ stderr: '', code: 0 });
    expect(unset.stdout).toContain('RTX 4090');
    const missing = await runTool(TOOL_PATHS.tinygpu, ['list'], {
      ...withoutState,
      [SIM_STATE_ENV]: path.join(sim.dir, 'no-such-file.json'),
    });
    expect(missing).toMatchObject({ stdout: unset.stdout, stderr: '', code: 0 });
  });

  it('means "connected" with a one-line warning on stderr when the file is corrupt', async () => {
    const corrupt = path.join(sim.dir, 'corrupt.json');
    const env = { ...process.env, [SIM_STATE_ENV]: corrupt };
    for (const text of ['{"scenario": "absent"', '{"scenario": "exploded"}', '{"scenario": "absent", "gpu": "voodoo2"}']) {
      await writeFile(corrupt, text);
      const run = await runTool(TOOL_PATHS.tinygpu, ['list'], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Device 0: NVIDIA GeForce RTX 4090');
      expect(run.stderr).toMatch(/^egpu-sim: ignoring state file .*corrupt\.json: .+; acting out "connected"\n$/);
    }
  });

  it('is understood by the simulator for every scenario and GPU the typed API allows', async () => {
    const states = [
      ...SimScenarioSchema.options.filter((scenario) => !['hung', 'flood'].includes(scenario)).map((scenario) => ({ scenario })),
      ...SimGpuSchema.options.map((gpu) => ({ scenario: 'connected' as const, gpu })),
    ];
    for (const state of states) {
      const file = path.join(sim.dir, 'consistency.json');
      await writeSimState(file, state);
      const run = await runTool(TOOL_PATHS.tinygpuApp, ['status'], { ...process.env, [SIM_STATE_ENV]: file });
      expect(run.stderr, JSON.stringify(state)).not.toContain('egpu-sim');
    }
  });
});

describe('sim-control', () => {
  it('reads the default state when the file does not exist', async () => {
    expect(await readSimState(path.join(sim.dir, 'nothing-here.json'))).toEqual(DEFAULT_SIM_STATE);
  });

  it('writes atomically, validates, and reads back what it wrote', async () => {
    const dir = path.join(sim.dir, 'atomic');
    const file = path.join(dir, 'state.json');
    const written = await writeSimState(file, { scenario: 'degraded-link', vramUsedMB: 1024 });
    expect(written).toEqual({ scenario: 'degraded-link', gpu: 'rtx4090', vramUsedMB: 1024 });
    expect(await readSimState(file)).toEqual(written);
    expect(await readdir(dir)).toEqual(['state.json']);
    await expect(writeSimState(file, { scenario: 'melted' as 'hung' })).rejects.toThrow();
    expect(await readSimState(file)).toEqual(written);
  });

  it('updates some fields and keeps the rest, replacing an unusable file', async () => {
    const file = path.join(sim.dir, 'update.json');
    await writeSimState(file, { scenario: 'connected', gpu: 'rtx5090', tinygradRunning: false });
    expect(await updateSimState(file, { scenario: 'absent' })).toEqual({
      scenario: 'absent',
      gpu: 'rtx5090',
      tinygradRunning: false,
    });
    await writeFile(file, 'not json');
    await expect(readSimState(file)).rejects.toBeInstanceOf(SimStateError);
    expect(await updateSimState(file, { scenario: 'garbage' })).toEqual({ scenario: 'garbage', gpu: 'rtx4090' });
  });

  it('maps flood, which the demo does not offer, to no demo scenario', () => {
    expect(toDemoScenario('degraded-link')).toBe('degraded-link');
    expect(toDemoScenario('flood')).toBeNull();
  });

  it('finds resources/sim/bin by walking up to the package root', async () => {
    expect(simBinDir()).toBe(path.join(repoRoot, 'resources', 'sim', 'bin'));
    const nested = path.join(repoRoot, 'out', 'main');
    expect(findPackageRoot(nested)).toBe(repoRoot);
    const elsewhere = path.join(sim.dir, 'not-a-package');
    await mkdir(elsewhere, { recursive: true });
    expect(() => findPackageRoot(elsewhere)).toThrow(/egpu-companion/);
  });

  it('names an executable for every probe path setting', async () => {
    const paths = simToolPaths();
    expect(Object.keys(paths).sort()).toEqual(
      ['ioreg', 'nvidiaSmi', 'pmset', 'ps', 'systemProfiler', 'systemextensionsctl', 'tinygpu', 'tinygpuApp'].sort(),
    );
    for (const file of Object.values(paths)) {
      expect(path.isAbsolute(file)).toBe(true);
      await access(file, constants.X_OK);
    }
    expect(path.basename(paths.tinygpuApp)).toBe('TinyGPU');
  });
});

describe('simctl.mjs', () => {
  const simctl = path.join(repoRoot, 'resources', 'sim', 'simctl.mjs');
  const run = (args: string[]) => runTool(process.execPath, [simctl, ...args], process.env);

  it('sets a scenario and GPU, keeps other fields, and shows the state', async () => {
    const file = path.join(sim.dir, 'simctl.json');
    await writeSimState(file, { scenario: 'connected', sleepMinutes: 5 });
    expect(await run([file, 'awaiting-approval', '--gpu', 'rx7900xtx'])).toMatchObject({
      stdout: 'simulator: awaiting-approval (rx7900xtx)\n',
      code: 0,
    });
    expect(await readSimState(file)).toEqual({ scenario: 'awaiting-approval', gpu: 'rx7900xtx', sleepMinutes: 5 });
    const shown = await run([file, 'show']);
    expect(JSON.parse(shown.stdout)).toEqual({ scenario: 'awaiting-approval', gpu: 'rx7900xtx', sleepMinutes: 5 });
  });

  it('refuses unknown scenarios and options with exit 2, leaving the file alone', async () => {
    const file = path.join(sim.dir, 'simctl-bad.json');
    await writeSimState(file, { scenario: 'absent' });
    const before = await readFile(file, 'utf8');
    for (const args of [[file, 'exploded'], [file, 'connected', '--gpu', 'voodoo2'], [file, 'connected', '--colour', 'red'], [file]]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('usage: simctl.mjs');
    }
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});
