// Prepare to unplug: what holds the eGPU, and "safe to unplug" only when nothing does.
// After a prepared unplug the monitor treats the device leaving as expected (info, not a warning).
import type { UnplugHolder, UnplugStatus } from '../api/power';
import { describeHolder } from '../api/present';
import { describeError, type LoggerPort } from '../platform/logger';

/** How long after reaching "safe to unplug" a disappearing eGPU counts as a prepared unplug. */
export const PREPARED_UNPLUG_WINDOW_MS = 10 * 60_000;

/** Pure. `holders` null = the list could not be read, which is never "safe". */
export function unplugStatus(holders: UnplugHolder[] | null, preparedAt: number | null): UnplugStatus {
  if (holders === null) {
    return { checking: true, holders: [], safeToUnplug: false, message: 'Checking what uses the eGPU…', preparedAt };
  }
  if (holders.length === 0) return { checking: false, holders, safeToUnplug: true, message: 'Safe to unplug', preparedAt };
  const verb = holders.every((h) => h.ownedByApp) ? 'stop' : 'quit';
  return {
    checking: false,
    holders,
    safeToUnplug: false,
    message: `In use by ${holders.map(describeHolder).join(', ')}: ${verb} ${holders.length === 1 ? 'it' : 'them'} before unplugging`,
    preparedAt,
  };
}

/** Pure: the monitor asks this when an eGPU disappears. */
export function isPreparedUnplug(preparedAt: number | null, now: number): boolean {
  return preparedAt !== null && now >= preparedAt && now - preparedAt <= PREPARED_UNPLUG_WINDOW_MS;
}

export interface UnplugServiceOptions {
  /** Lock holders, TinyGPU server, app-managed servers. Rejecting counts as "unknown". */
  holders: () => Promise<UnplugHolder[]>;
  /** Stops something the app itself started; absent = nothing to offer. */
  stopOwned?: (holder: UnplugHolder) => Promise<void>;
  now: () => number;
  logger: LoggerPort;
}

export class UnplugService {
  #holders: UnplugHolder[] | null = null;
  #preparedAt: number | null = null;
  readonly #options: UnplugServiceOptions;

  constructor(options: UnplugServiceOptions) {
    this.#options = options;
  }

  status(): UnplugStatus {
    return unplugStatus(this.#holders, this.#preparedAt);
  }

  /** Reads the holders again; the first time the list is empty marks the unplug as prepared. */
  async refresh(): Promise<UnplugStatus> {
    try {
      this.#holders = await this.#options.holders();
    } catch (error) {
      this.#options.logger.debug('prepare to unplug: could not list what uses the eGPU', describeError(error));
      this.#holders = null;
    }
    if (this.#holders !== null && this.#holders.length === 0) this.#preparedAt ??= this.#options.now();
    else this.#preparedAt = null;
    return this.status();
  }

  /** Stops one holder the app started, then looks again. Refuses anything it does not own. */
  async stopOwned(pid: number): Promise<UnplugStatus> {
    const holder = this.#holders?.find((h) => h.pid === pid && h.ownedByApp);
    if (holder && this.#options.stopOwned) {
      try {
        await this.#options.stopOwned(holder);
      } catch (error) {
        this.#options.logger.debug('prepare to unplug: stopping failed', describeError(error));
      }
    }
    return this.refresh();
  }

  /** For the monitor: an eGPU that leaves now was unplugged on purpose. */
  isPreparedUnplug(): boolean {
    return isPreparedUnplug(this.#preparedAt, this.#options.now());
  }

  preparedAt(): number | null {
    return this.#preparedAt;
  }

  /** An eGPU arrived: whatever was prepared is over; the next unplug is a surprise again. */
  deviceArrived(): void {
    this.#preparedAt = null;
  }

  /** The user closed the panel without unplugging. */
  cancel(): void {
    this.#holders = null;
    this.#preparedAt = null;
  }
}
