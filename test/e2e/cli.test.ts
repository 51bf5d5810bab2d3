// The built CLI as a script or a person uses it: output, exit codes, one-line errors.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simBinDir, simToolPaths, writeSimState, type SimScenario } from '../../src/core/sim/sim-control';
import { ROOT, stopProcess } from '../support/web-app';

const CLI = path.join(ROOT, 'bin', 'egpu-companion.mjs');
const TINYGPU = path.join(simBinDir(), 'tinygpu');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(args: string[], scenario: SimScenario = 'connected'): Promise<Run> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'egpu-cli-'));
  const state = path.join(home, 'sim.json');
  await writeSimState(state, { scenario, gpu: 'rtx4090' });
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, XDG_CONFIG_HOME: home, EGPU_SIM_STATE: state }, timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('egpu-companion status', () => {
  it('prints the device and exits 0 when the eGPU is ready', async () => {
    const run = await runCli(['status', '--tinygpu', TINYGPU]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('NVIDIA GeForce RTX 4090');
    expect(run.stdout).toContain('VRAM    24 GB GDDR6X');
    expect(run.stdout).toContain('Link    Thunderbolt 4 · PCIe x4 Gen4');
  });

  it('--json carries devices, link, driver and hazards', async () => {
    const run = await runCli(['status', '--json', '--tinygpu', TINYGPU], 'degraded-link');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.devices[0]).toMatchObject({
      name: 'NVIDIA GeForce RTX 4090',
      vramTotalMB: 24576,
      vramUsedMB: null,
      link: { kind: 'thunderbolt3', pcieWidth: 1, pcieGen: 3 },
      driver: { state: 'ready', version: '1.0.2' },
    });
    expect(json.hazards.map((h: { title: string }) => h.title)).toContain('eGPU link is slower than expected');
  });

  it('exits 1 when there is no device or the driver is not ready', async () => {
    expect((await runCli(['status', '--tinygpu', TINYGPU], 'absent')).code).toBe(1);
    const approval = await runCli(['status', '--json', '--tinygpu', TINYGPU], 'awaiting-approval');
    expect(approval.code).toBe(1);
    expect(JSON.parse(approval.stdout).driver.state).toBe('awaiting-approval');
  });

  it('exits 2 with one clear line when the probe fails', async () => {
    const run = await runCli(['status', '--tinygpu', TINYGPU], 'crashing');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['egpu-companion: tinygpu list crashed (SIGSEGV)']);
    const missing = await runCli(['status', '--tinygpu', '/nowhere/tinygpu']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nowhere/tinygpu not found');
  });

  it('answers bad input with a one-line error and no stack trace', async () => {
    for (const args of [['status', '--source', 'magic'], ['status', '--bogus'], ['frobnicate'], ['serve', '--port', 'eighty']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^egpu-companion: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('egpu-companion watch --json', () => {
  it('prints one JSON event per line as things happen', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'egpu-watch-'));
    const state = path.join(home, 'sim.json');
    await writeSimState(state, { scenario: 'connected', gpu: 'rtx4090' });
    // Point the settings at the simulator, as a user would with their own tinygpu path.
    await writeSettings(home, { monitor: { pollIntervalSec: 0.5, paths: { tinygpu: TINYGPU } } });
    const child = spawn(process.execPath, [CLI, 'watch', '--json'], { env: { ...process.env, XDG_CONFIG_HOME: home, EGPU_SIM_STATE: state } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out.split('\n').filter(Boolean).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
      await writeSimState(state, { scenario: 'absent', gpu: 'rtx4090' });
      await expect.poll(() => out, { timeout: 15_000 }).toContain('"device-lost"');
      const lines = out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      expect(lines[0]).toMatchObject({ kind: 'note', message: expect.stringContaining('RTX 4090') });
      for (const line of lines) expect(Object.keys(line).sort()).toEqual(['at', 'deviceKey', 'kind', 'message', 'severity']);
    } finally {
      await stopProcess(child);
    }
  });
});

describe('egpu-companion watch: the sleep warning', () => {
  it('reads pmset and ioreg at the paths in settings and prints sleep-soon before idle sleep', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'egpu-watch-sleep-'));
    const state = path.join(home, 'sim.json');
    // The simulated Mac sleeps after 1 minute idle and has been idle for 30 s.
    await writeSimState(state, { scenario: 'connected', gpu: 'rtx4090', sleepMinutes: 1, idleSeconds: 30 });
    const sim = simToolPaths();
    await writeSettings(home, { monitor: { pollIntervalSec: 0.5, paths: { tinygpu: TINYGPU, pmset: sim.pmset, ioreg: sim.ioreg, caffeinate: path.join(home, 'no-caffeinate') } } });
    const child = spawn(process.execPath, [CLI, 'watch', '--json'], { env: { ...process.env, XDG_CONFIG_HOME: home, EGPU_SIM_STATE: state } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 15_000 }).toContain('"sleep-soon"');
      const warning = out
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { kind: string; severity: string; message: string })
        .find((event) => event.kind === 'sleep-soon');
      expect(warning).toMatchObject({ severity: 'warning', message: expect.stringMatching(/^Mac sleeps in \d+ s$/) });
    } finally {
      await stopProcess(child);
      rmSync(home, { recursive: true, force: true });
    }
  });
});

async function writeSettings(home: string, settings: unknown): Promise<void> {
  const { writeFileAtomic } = await import('../../src/core/store/atomic-file');
  await writeFileAtomic(path.join(home, 'egpu-companion', 'settings.json'), JSON.stringify({ version: 1, ...(settings as object) }));
}
