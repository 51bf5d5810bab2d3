import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/core/platform/logger';
import type { Clock, TimerHandle } from '../../../src/core/platform/clock';
import { busyJobs, type Feature } from '../../../src/core/feature';
import { FIRST_CHECK_DELAY_MS, TICK_MS, UpdateController, type UpdaterPort } from '../../../src/main/updater';
import { busyDetail, DAY_MS, initialUpdateState, quietCheckDue, reduceUpdate, updateMenuItem, type UpdateEvent } from '../../../src/main/updater-state';

/** Behaves like electron-updater: checkForUpdates emits events the test scripts. */
class FakeUpdater implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs = 0;
  /** What the next check finds: a version to download, nothing, or an error. */
  next: { found: string } | 'nothing' | { error: string } = 'nothing';
  private listener: ((event: UpdateEvent) => void) | null = null;
  constructor(private readonly clock: { now: number }) {}

  onEvent(listener: (event: UpdateEvent) => void): void {
    this.listener = listener;
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    const next = this.next;
    if (next === 'nothing') this.listener?.({ type: 'update-not-available', at: this.clock.now });
    else if ('error' in next) throw new Error(next.error);
    else this.listener?.({ type: 'update-available', version: next.found });
    return null;
  }
  finishDownload(version: string): void {
    this.listener?.({ type: 'downloaded', version, at: this.clock.now });
  }
  quitAndInstall(): void {
    this.installs += 1;
  }
}

/** Records the timers the controller asks for; the test moves `clock.now` and runs them by hand. */
class FakeTimers implements Clock {
  readonly scheduled: Array<{ ms: number; run: () => void; repeat: boolean; cancelled: boolean }> = [];
  constructor(private readonly clock: { now: number }) {}
  now(): number {
    return this.clock.now;
  }
  setInterval(run: () => void, ms: number): TimerHandle {
    return this.add(ms, run, true);
  }
  setTimeout(run: () => void, ms: number): TimerHandle {
    return this.add(ms, run, false);
  }
  cancel(handle: TimerHandle): void {
    const timer = this.scheduled[handle as number];
    if (timer) timer.cancelled = true;
  }
  live(): number {
    return this.scheduled.filter((timer) => !timer.cancelled).length;
  }
  private add(ms: number, run: () => void, repeat: boolean): TimerHandle {
    this.scheduled.push({ ms, run, repeat, cancelled: false });
    return this.scheduled.length - 1;
  }
}

function setup(options: { supported?: boolean; busy?: boolean } = {}) {
  const clock = { now: 1_000_000 };
  const updater = new FakeUpdater(clock);
  const timers = new FakeTimers(clock);
  const told: string[] = [];
  let busy = options.busy ?? false;
  const controller = new UpdateController({
    updater: options.supported === false ? null : updater,
    busyJobs: async () => (busy ? ['a setup step'] : []),
    currentVersion: '1.0.0',
    clock: timers,
    tell: (message) => told.push(message),
    log: nullLogger,
  });
  return { clock, updater, timers, told, controller, setBusy: (value: boolean) => (busy = value) };
}

describe('update controller', () => {
  it('downloads by itself, installs on quit, and checks quietly at most once a day', async () => {
    const { updater, timers, controller, clock, told } = setup();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    controller.start();
    expect(timers.scheduled.map((timer) => [timer.ms, timer.repeat])).toEqual([
      [FIRST_CHECK_DELAY_MS, false],
      [TICK_MS, true],
    ]);
    await controller.tick();
    expect(updater.checks).toBe(1);
    clock.now += DAY_MS / 2;
    await controller.tick();
    expect(updater.checks).toBe(1);
    clock.now += DAY_MS / 2;
    await controller.tick();
    expect(updater.checks).toBe(2);
    expect(told).toEqual([]); // Quiet checks say nothing.
    controller.stop();
    expect(timers.live()).toBe(0);
  });

  it('skips the quiet check while a setup step or a generation runs', async () => {
    const { updater, controller, setBusy } = setup({ busy: true });
    await controller.tick();
    expect(updater.checks).toBe(0);
    setBusy(false);
    await controller.tick();
    expect(updater.checks).toBe(1);
  });

  it('a check from the menu tells the user the outcome', async () => {
    const { updater, controller, told } = setup();
    expect(controller.menuItem()).toMatchObject({ label: 'Check for updates…', enabled: true, action: 'check' });
    await controller.perform('check');
    expect(told).toEqual(['eGPU Companion is up to date']);
    updater.next = { error: 'net::ERR_INTERNET_DISCONNECTED\nat …' };
    await controller.perform('check');
    expect(told.at(-1)).toBe('Could not check for updates');
    expect(controller.menuItem()).toMatchObject({ enabled: true, toolTip: 'Last check failed: net::ERR_INTERNET_DISCONNECTED' });
  });

  it('offers "Restart to update" when downloaded, and never restarts while busy', async () => {
    const { updater, controller, setBusy, told } = setup();
    updater.next = { found: '1.2.0' };
    await controller.tick();
    expect(controller.menuItem()).toMatchObject({ label: 'Downloading version 1.2.0…', enabled: false });
    updater.finishDownload('1.2.0');
    expect(controller.menuItem()).toMatchObject({ label: 'Restart to update to 1.2.0', enabled: true, action: 'restart' });

    setBusy(true);
    await controller.perform('restart');
    expect(updater.installs).toBe(0);
    expect(told).toEqual(['The update will wait']);
    expect(controller.menuItem()).toMatchObject({ label: 'Restart to update to 1.2.0', enabled: false, action: null });

    // The step has finished: the next time the menu opens, the item is enabled again.
    setBusy(false);
    controller.menuItem();
    await new Promise((resolve) => setImmediate(resolve));
    expect(controller.menuItem()).toMatchObject({ enabled: true, action: 'restart' });
    await controller.perform('restart');
    expect(updater.installs).toBe(1);
  });

  it('counts an unreadable busy state as busy', async () => {
    const clock = { now: 0 };
    const updater = new FakeUpdater(clock);
    const controller = new UpdateController({
      updater,
      busyJobs: () => Promise.reject(new Error('core stopped')),
      currentVersion: '1.0.0',
      clock: new FakeTimers(clock),
      tell: () => undefined,
      log: nullLogger,
    });
    await controller.tick();
    expect(updater.checks).toBe(0);
  });

  it('does nothing where updates cannot work (development builds, other platforms)', async () => {
    const { controller, timers } = setup({ supported: false });
    controller.start();
    expect(timers.live()).toBe(0);
    await controller.perform('check');
    expect(controller.menuItem()).toMatchObject({ label: 'Check for updates…', enabled: false });
  });
});

describe('update state', () => {
  it('a re-check or a failed check keeps a downloaded update ready', () => {
    let state = reduceUpdate(initialUpdateState(true), { type: 'downloaded', version: '2.0.0', at: 5 });
    state = reduceUpdate(state, { type: 'check-started', manual: false });
    state = reduceUpdate(state, { type: 'failed', message: 'offline', at: 6 });
    expect(state).toMatchObject({ phase: 'downloaded', version: '2.0.0' });
    expect(updateMenuItem(state, false).action).toBe('restart');
    expect(quietCheckDue(state, 6 + 2 * DAY_MS, false)).toBe(false);
  });
});

describe('the updater and the features\' long jobs', () => {
  /** A feature that runs one long job while `running` says so, like the core's features do. */
  const job = (name: string, words: string, running: () => boolean): Feature => ({ name, handlers: {}, busy: () => (running() ? [words] : []) });

  it('waits for every long job any feature runs, names them, and restarts once they are done', async () => {
    const running = { setup: false, benchmark: false, server: false, doctor: false };
    const features: Feature[] = [
      job('setup', 'a setup step', () => running.setup),
      job('inference', 'a tinygrad benchmark', () => running.benchmark),
      { name: 'inference-server', handlers: {}, busy: async () => (running.server ? ['the tinygrad server loading a model'] : []) },
      job('doctor', 'the compute check', () => running.doctor),
    ];
    const clock = { now: 1_000_000 };
    const updater = new FakeUpdater(clock);
    const told: Array<[string, string]> = [];
    const controller = new UpdateController({
      updater,
      busyJobs: () => busyJobs(features),
      currentVersion: '1.0.0',
      clock: new FakeTimers(clock),
      tell: (message, detail) => told.push([message, detail]),
      log: nullLogger,
    });
    updater.finishDownload('1.2.0');

    for (const key of ['setup', 'benchmark', 'server', 'doctor'] as const) {
      running[key] = true;
      await controller.perform('restart');
      expect(updater.installs).toBe(0);
      running[key] = false;
    }
    expect(told.map(([, detail]) => detail)).toEqual([
      'A setup step is running. Restart to update once it has finished.',
      'A tinygrad benchmark is running. Restart to update once it has finished.',
      'The tinygrad server loading a model is running. Restart to update once it has finished.',
      'The compute check is running. Restart to update once it has finished.',
    ]);

    running.setup = true;
    running.benchmark = true;
    await controller.perform('restart');
    expect(told.at(-1)?.[1]).toBe('A setup step and a tinygrad benchmark are running. Restart to update once they have finished.');

    running.setup = false;
    running.benchmark = false;
    await controller.perform('restart');
    expect(updater.installs).toBe(1);
  });

  it('counts a feature that cannot answer as busy', async () => {
    const broken: Feature = { name: 'doctor', handlers: {}, busy: () => Promise.reject(new Error('gone')) };
    expect(await busyJobs([broken])).toHaveLength(1);
    expect(busyDetail([])).toBe('A long job is running. Restart to update once it has finished.');
  });
});
