// Updates from GitHub Releases (electron-builder.yml `publish`) through electron-updater: a quiet
// check at most once a day, "Check for updates…" and "Restart to update" in the tray menu, and never
// a restart while a long job runs (the core's features say which: a setup step, a benchmark, a model
// loading, a generation). The decisions live in updater-state.ts.
import type { AppUpdater } from 'electron-updater';
import { HOUR_MS, MINUTE_MS } from '../core/api/durations';
import type { Clock, TimerHandle } from '../core/platform/clock';
import { describeError, type LoggerPort } from '../core/platform/logger';
import {
  busyDetail,
  initialUpdateState,
  manualCheckOutcome,
  quietCheckDue,
  reduceUpdate,
  updateMenuItem,
  type UpdateAction,
  type UpdateEvent,
  type UpdateMenuItem,
  type UpdateState,
} from './updater-state';

/** The parts of electron-updater's AppUpdater the controller uses; tests pass a fake. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  onEvent(listener: (event: UpdateEvent) => void): void;
}

export interface UpdateControllerDeps {
  /** null where updates cannot work: development builds and platforms other than macOS. */
  updater: UpdaterPort | null;
  /** True while restarting would hurt: a setup step or a generation is running. */
  busyJobs(): Promise<string[]>;
  currentVersion: string;
  clock: Clock;
  /** Tells the user the outcome of a check they asked for (a dialog in the app). */
  tell(message: string, detail: string): void;
  log: LoggerPort;
}

/** How often the controller asks whether a quiet check is due; the check itself is daily. */
export const TICK_MS = HOUR_MS;
/** The first quiet check waits until the app has settled after launch. */
export const FIRST_CHECK_DELAY_MS = 2 * MINUTE_MS;

export class UpdateController {
  private current: UpdateState;
  private busy = false;
  private jobs: string[] = [];
  private timers: TimerHandle[] = [];

  constructor(private readonly deps: UpdateControllerDeps) {
    this.current = initialUpdateState(deps.updater !== null);
    if (deps.updater) {
      deps.updater.autoDownload = true;
      // Quitting normally also installs a downloaded update, so nobody is stuck on an old version.
      deps.updater.autoInstallOnAppQuit = true;
      deps.updater.onEvent((event) => this.apply(event));
    }
  }

  start(): void {
    if (!this.deps.updater || this.timers.length > 0) return;
    this.timers.push(this.deps.clock.setTimeout(() => void this.tick(), FIRST_CHECK_DELAY_MS));
    this.timers.push(this.deps.clock.setInterval(() => void this.tick(), TICK_MS));
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) this.deps.clock.cancel(timer);
  }

  state(): UpdateState {
    return this.current;
  }

  /**
   * The tray menu item, from the last known busy state; the menu is built synchronously, so this also
   * refreshes that state for the next time it opens. Restarting checks again before it acts.
   */
  menuItem(): UpdateMenuItem {
    if (this.current.phase === 'downloaded') {
      void this.readBusy().then((busy) => {
        this.busy = busy;
      });
    }
    return updateMenuItem(this.current, this.busy);
  }

  async perform(action: UpdateAction): Promise<void> {
    if (action === 'check') await this.check(true);
    if (action === 'restart') await this.restart();
  }

  /** The quiet daily check; skipped while busy. */
  async tick(): Promise<void> {
    this.busy = await this.readBusy();
    if (quietCheckDue(this.current, this.deps.clock.now(), this.busy)) await this.check(false);
  }

  private async check(manual: boolean): Promise<void> {
    const updater = this.deps.updater;
    if (!updater) return;
    this.apply({ type: 'check-started', manual });
    try {
      await updater.checkForUpdates();
    } catch (error) {
      this.apply({ type: 'failed', message: describeError(error), at: this.deps.clock.now() });
    }
  }

  private async restart(): Promise<void> {
    if (!this.deps.updater || this.current.phase !== 'downloaded') return;
    this.busy = await this.readBusy();
    if (this.busy) {
      this.deps.tell('The update will wait', busyDetail(this.jobs));
      return;
    }
    this.deps.log.info(`updater: restarting to install ${this.current.version ?? 'the update'}`);
    this.deps.updater.quitAndInstall();
  }

  private apply(event: UpdateEvent): void {
    const before = this.current;
    this.current = reduceUpdate(before, event);
    if (event.type === 'failed') this.deps.log.warn(`updater: ${event.message}`);
    if (before.phase === this.current.phase && event.type !== 'update-not-available') return;
    const outcome = manualCheckOutcome(this.current, this.deps.currentVersion);
    if (outcome) {
      this.current = { ...this.current, manual: false };
      this.deps.tell(outcome.message, outcome.detail);
    }
  }

  private async readBusy(): Promise<boolean> {
    try {
      this.jobs = await this.deps.busyJobs();
    } catch (error) {
      // Unknown counts as busy: a missed restart costs less than a broken setup step.
      this.deps.log.warn(`updater: could not tell whether the app is busy: ${describeError(error)}`);
      this.jobs = ['a job the app could not check'];
    }
    return this.jobs.length > 0;
  }
}

/** electron-updater's autoUpdater as an UpdaterPort. */
export function electronUpdaterPort(updater: AppUpdater, now: () => number): UpdaterPort {
  return {
    get autoDownload() {
      return updater.autoDownload;
    },
    set autoDownload(value) {
      updater.autoDownload = value;
    },
    get autoInstallOnAppQuit() {
      return updater.autoInstallOnAppQuit;
    },
    set autoInstallOnAppQuit(value) {
      updater.autoInstallOnAppQuit = value;
    },
    checkForUpdates: () => updater.checkForUpdates(),
    quitAndInstall: () => updater.quitAndInstall(),
    onEvent(listener) {
      updater.on('update-available', (info) => listener({ type: 'update-available', version: info.version }));
      updater.on('update-not-available', () => listener({ type: 'update-not-available', at: now() }));
      updater.on('update-downloaded', (info) => listener({ type: 'downloaded', version: info.version, at: now() }));
      updater.on('error', (error) => listener({ type: 'failed', message: describeError(error), at: now() }));
    },
  };
}

/**
 * electron-updater's autoUpdater where it can work: a packaged app on macOS (Squirrel.Mac needs the
 * signed app and the zip next to the dmg). Development builds and other platforms get null.
 */
export async function loadElectronUpdater(where: { isPackaged: boolean; platform: NodeJS.Platform }, log: LoggerPort): Promise<UpdaterPort | null> {
  if (!where.isPackaged || where.platform !== 'darwin') return null;
  // electron-updater is CommonJS: its exports sit on the default export when imported from ESM.
  const { default: electronUpdater } = await import('electron-updater');
  const updater = electronUpdater.autoUpdater;
  updater.logger = { info: (message) => log.info(String(message)), warn: (message) => log.warn(String(message)), error: (message) => log.error(String(message)) };
  return electronUpdaterPort(updater, Date.now);
}
