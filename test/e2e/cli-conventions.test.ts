// The built CLI's conventions: --help on every command (exit 0, before any option is checked),
// help <command>, --version, and watch --sim-state following the device simulator.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSimState } from '../../src/core/sim/sim-control';
import { ROOT, stopProcess } from '../support/web-app';

const CLI = path.join(ROOT, 'bin', 'egpu-companion.mjs');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function isolatedEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(os.tmpdir(), 'egpu-cli-conv-'));
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: home };
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: isolatedEnv(), timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('egpu-companion --help and --version', () => {
  it.each(['serve', 'status', 'watch', 'speedtest', 'sim'])('%s --help prints its options and exits 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const run = await runCli([command, flag]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: egpu-companion ${command}\\b`));
      expect(run.stdout).toContain('-h, --help');
    }
  });

  it('answers --help even after options it would refuse', async () => {
    const run = await runCli(['speedtest', '--runs', 'many', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--max-tokens N');
  });

  it('help lists every command, help <command> shows its page, help <unknown> is a usage error', async () => {
    const overview = await runCli(['help']);
    expect(overview.code).toBe(0);
    for (const command of ['serve', 'status', 'watch', 'speedtest', 'sim']) expect(overview.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(overview.stdout).toContain('-V, --version');
    const page = await runCli(['help', 'watch']);
    expect(page.code).toBe(0);
    expect(page.stdout).toContain('--sim-state FILE');
    const unknown = await runCli(['help', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('egpu-companion: no help for "frobnicate": commands are serve, status, watch, speedtest, sim');
  });

  it('--version and -V print the version from package.json', async () => {
    for (const flag of ['--version', '-V']) expect(await runCli([flag])).toEqual({ code: 0, stdout: `egpu-companion ${VERSION}\n`, stderr: '' });
  });
});

describe('egpu-companion watch --sim-state', () => {
  it('follows the simulator: the connected card first, then the unplug', async () => {
    const env = isolatedEnv();
    const state = path.join(env.HOME!, 'sim.json');
    await writeSimState(state, { scenario: 'connected', gpu: 'rtx4090' });
    const child = spawn(process.execPath, [CLI, 'watch', '--json', '--interval', '0.5', '--sim-state', state], { env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 15_000 }).toContain('RTX 4090');
      await writeSimState(state, { scenario: 'absent', gpu: 'rtx4090' });
      await expect.poll(() => out, { timeout: 15_000 }).toContain('"device-lost"');
    } finally {
      await stopProcess(child);
    }
  });
});
