// This Mac's real tools through our parsers (CI's macos-14 runner: no eGPU, no TinyGPU). Every
// format must parse without error, and "no eGPU" must be the answer. Run with `npm run test:mac`;
// `npm test` does not select this project, and off macOS it fails at once with the reason.
import { execFile } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/api/settings';
import { parseHidIdleSeconds, parsePmsetAssertions, parsePmsetBatt, parsePmsetSettings } from '../../src/core/power/parsers';
import { summarizeDriverLog } from '../../src/core/probe/driver-log';
import { parseIoregPci, parseLsofFields, parseSystemExtensions, parseSystemProfilerPciJson, parseTinygpuServerProcesses } from '../../src/core/probe/parsers';
import { IOREG_PCI_ARGS, createTinygpuAppSource } from '../../src/core/probe/sources/tinygpu-app';
import { TierCache } from '../../src/core/probe/sources/tiers';

const run = promisify(execFile);

/** stdout of a real tool; a non-zero exit still has output worth parsing (lsof exits 1 when nothing matches). */
async function stdoutOf(file: string, args: readonly string[]): Promise<string> {
  try {
    return (await run(file, [...args], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failed = error as { stdout?: string; code?: unknown };
    if (typeof failed.stdout === 'string' && typeof failed.code === 'number') return failed.stdout;
    throw error;
  }
}

beforeAll(() => {
  if (process.platform !== 'darwin') throw new Error('test:mac reads this Mac\u2019s own ioreg, system_profiler, pmset, systemextensionsctl, lsof, log and ps: run it on macOS (CI: the macos-14 job)');
});

describe('the eGPU probes on a Mac without an eGPU', () => {
  it('ioreg -r -c IOPCIDevice -l -w 0: parses, no external GPU', async () => {
    const parsed = parseIoregPci(await stdoutOf('/usr/sbin/ioreg', IOREG_PCI_ARGS));
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (parsed.ok) expect(parsed.value.filter((device) => device.vendorId === '0x10de' || device.vendorId === '0x1002')).toEqual([]);
  });

  it('system_profiler SPPCIDataType -json: parses, no Thunderbolt GPU', async () => {
    const parsed = parseSystemProfilerPciJson(await stdoutOf('/usr/sbin/system_profiler', ['SPPCIDataType', '-json']));
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (parsed.ok) expect(parsed.value.filter((device) => device.thunderbolt)).toEqual([]);
  });

  it('systemextensionsctl list: parses; TinyGPU is not installed', async () => {
    const parsed = parseSystemExtensions(await stdoutOf('/usr/bin/systemextensionsctl', ['list']));
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (parsed.ok) expect(parsed.value.state).toBe('not-installed');
  });

  it('ps -axo pid=,command=: parses; no TinyGPU server runs', async () => {
    const parsed = parseTinygpuServerProcesses(await stdoutOf('/bin/ps', ['-axo', 'pid=,command=']));
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (parsed.ok) expect(parsed.value.running).toBe(false);
  });

  describe('lsof -F pc', () => {
    let dir = '';
    let fd = -1;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-mac-lsof-'));
      fd = openSync(path.join(dir, 'nv_usb4.lock'), 'w');
    });
    afterAll(() => {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    });

    it('finds this test holding a lock file, and nobody holding a missing one', async () => {
      const held = parseLsofFields(await stdoutOf('/usr/sbin/lsof', ['-F', 'pc', '--', path.join(dir, 'nv_usb4.lock')]));
      expect(held.ok, JSON.stringify(held)).toBe(true);
      if (held.ok) expect(held.value.map((holder) => holder.pid)).toContain(process.pid);
      const nobody = parseLsofFields(await stdoutOf('/usr/sbin/lsof', ['-F', 'pc', '--', path.join(dir, 'am_usb4.lock')]));
      expect(nobody.ok && nobody.value).toEqual([]);
    });
  });

  it('log show --last 1m: read, no TinyGPU driver lines', async () => {
    const summary = summarizeDriverLog(await stdoutOf('/usr/bin/log', ['show', '--last', '1m', '--style', 'compact', '--predicate', 'sender CONTAINS "tinygpu"']));
    expect(summary).toEqual({ lines: [], openedDevices: [], openFailures: [] });
  });

  it('the TinyGPU.app source over all of them: the eGPU is absent and the driver not installed', async () => {
    const source = createTinygpuAppSource({ monitor: DEFAULT_SETTINGS.monitor, env: process.env, now: Date.now, tiers: new TierCache() });
    const snapshot = await source.probe({ detail: 'force' });
    expect(snapshot.errors, JSON.stringify(snapshot.errors)).toEqual([]);
    expect(snapshot.devices).toEqual([]);
    expect(snapshot.driver.state).toBe('not-installed');
  });
});

describe('the power readings', () => {
  it('pmset -g: the sleep settings are read', async () => {
    const settings = parsePmsetSettings(await stdoutOf('/usr/bin/pmset', ['-g']));
    expect(settings.sleepDisabled).not.toBeNull();
    expect(settings.sleepTimerMin).not.toBeNull();
  });

  it('pmset -g assertions: the system-wide counts are read', async () => {
    const info = parsePmsetAssertions(await stdoutOf('/usr/bin/pmset', ['-g', 'assertions']));
    expect(info.preventUserIdleSystemSleep).not.toBeNull();
    expect(info.preventSystemSleep).not.toBeNull();
  });

  it('pmset -g batt: the power source is read', async () => {
    const batt = parsePmsetBatt(await stdoutOf('/usr/bin/pmset', ['-g', 'batt']));
    expect(batt.onBattery).not.toBeNull();
  });

  it('ioreg -c IOHIDSystem: the idle time is read', async () => {
    const idle = parseHidIdleSeconds(await stdoutOf('/usr/sbin/ioreg', ['-r', '-c', 'IOHIDSystem', '-d', '1']));
    expect(idle).not.toBeNull();
    expect(idle).toBeGreaterThanOrEqual(0);
  });
});
