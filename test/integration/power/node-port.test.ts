// The plain-Node adapter against fake pmset/ioreg/caffeinate executables: readings, "unsupported"
// where the commands are absent, and a caffeinate child that is always gone afterwards (counted).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nullLogger } from '../../../src/core/platform/logger';
import { startCaffeinate } from '../../../src/core/power/caffeinate';
import { KeepAwakeController } from '../../../src/core/power/keep-awake';
import { createNodePowerPort, type NodePowerPaths } from '../../../src/core/power/node-port';
import { POWER_FIXTURES_DIR } from '../../fixtures/power/fixtures';

const BIN = join(POWER_FIXTURES_DIR, 'bin');
const FAKE: NodePowerPaths = { pmset: join(BIN, 'pmset'), ioreg: join(BIN, 'ioreg'), caffeinate: join(BIN, 'caffeinate') };
const OPTIONS = { timeoutMs: 5_000, maxOutputBytes: 64 * 1024, logger: nullLogger };

let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'power-'));
  log = join(dir, 'caffeinate.log');
  vi.stubEnv('FAKE_CAFFEINATE_LOG', log);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function startedCaffeinates(): Array<{ pid: number; args: string }> {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ...args] = line.split(' ');
      return { pid: Number(pid), args: args.join(' ') };
    });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: the process is gone, which is the answer.
    return false;
  }
}

async function waitForStarts(n: number): Promise<Array<{ pid: number; args: string }>> {
  await vi.waitFor(() => expect(startedCaffeinates()).toHaveLength(n), { timeout: 8_000, interval: 20 });
  return startedCaffeinates();
}

async function expectAllGone(): Promise<void> {
  await vi.waitFor(() => expect(startedCaffeinates().filter((c) => alive(c.pid))).toEqual([]), { timeout: 8_000, interval: 20 });
}

describe('plain-Node power port', () => {
  it('reads sleep settings, assertions, battery and idle time from pmset and ioreg', async () => {
    const port = await createNodePowerPort({ paths: FAKE, ...OPTIONS });
    expect(port.supported).toBe(true);
    expect(await port.readSleepSettings()).toEqual({ sleepTimerMin: 10, sleepDisabled: false, displaySleepMin: 10 });
    expect((await port.readAssertions()).assertions.map((a) => a.process)).toEqual(['caffeinate', 'Music']);
    expect(await port.readBattery()).toEqual({ onBattery: true, percent: 72, state: 'discharging' });
    expect(await port.idleSeconds()).toBe(570);
  });

  it('is unsupported where pmset does not exist (Linux), and every read is unknown', async () => {
    const port = await createNodePowerPort({ paths: { pmset: join(dir, 'no-pmset'), ioreg: join(dir, 'no-ioreg'), caffeinate: join(dir, 'no') }, ...OPTIONS });
    expect(port.supported).toBe(false);
    expect(await port.idleSeconds()).toBeNull();
    expect((await port.readSleepSettings()).sleepTimerMin).toBeNull();
    expect(port.holdAwake('test')).toBeNull();
  });

  it('answers unknown for garbage or a failing command, never a throw', async () => {
    const garbage = await createNodePowerPort({ paths: { ...FAKE, pmset: join(BIN, 'pmset-garbage'), ioreg: join(BIN, 'ioreg-garbage') }, ...OPTIONS });
    expect(await garbage.readSleepSettings()).toEqual({ sleepTimerMin: null, sleepDisabled: null, displaySleepMin: null });
    expect(await garbage.idleSeconds()).toBeNull();
    const failing = await createNodePowerPort({ paths: { ...FAKE, pmset: join(BIN, 'pmset-failing') }, ...OPTIONS });
    expect((await failing.readAssertions()).preventUserIdleSystemSleep).toBeNull();
    expect((await failing.readBattery()).onBattery).toBeNull();
  });
});

describe('caffeinate holder', () => {
  it('starts exactly one `caffeinate -i -w <our pid>` and leaves none behind on release', async () => {
    const port = await createNodePowerPort({ paths: FAKE, ...OPTIONS });
    const hold = port.holdAwake('test');
    const [child] = await waitForStarts(1);
    expect(child?.args).toBe(`-i -w ${process.pid}`);
    expect(alive(child?.pid ?? -1)).toBe(true);
    hold?.release();
    hold?.release();
    await expectAllGone();
  });

  it('keep-awake holds one child across mode change, condition end and quit, and none afterwards', async () => {
    const port = await createNodePowerPort({ paths: FAKE, ...OPTIONS });
    const keep = new KeepAwakeController((reason) => port.holdAwake(reason), nullLogger);
    const on = { egpuAttached: true, egpuInUse: true, now: 0 };

    keep.setMode('while-attached', null, on);
    keep.evaluate(on);
    await waitForStarts(1);
    keep.setMode('while-in-use', null, on); // mode change: the first child goes, a second starts
    const started = await waitForStarts(2);
    await vi.waitFor(() => expect(alive(started[0]?.pid ?? -1)).toBe(false), { timeout: 8_000, interval: 20 });
    expect(started.filter((c) => alive(c.pid))).toHaveLength(1);

    keep.evaluate({ ...on, egpuInUse: false }); // condition ends
    await expectAllGone();

    keep.setMode('until', 60_000, on);
    await waitForStarts(3);
    keep.dispose(); // quit
    await expectAllGone();
  });

  it('ends by itself when the process it watches dies (an app crash)', async () => {
    const app = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      startCaffeinate(FAKE.caffeinate, nullLogger, app.pid);
      const [child] = await waitForStarts(1);
      expect(child?.args).toBe(`-i -w ${app.pid}`);
      app.kill('SIGKILL');
      await expectAllGone();
    } finally {
      app.kill('SIGKILL');
    }
  });
});
