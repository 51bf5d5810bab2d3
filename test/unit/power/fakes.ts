// A fake power port whose idle time follows the fake clock.
import type { EgpuContext } from '../../../src/core/power/around-sleep';
import type { FakeClock } from '../../support/fake-clock';
import {
  UNKNOWN_BATTERY,
  type AssertionsInfo,
  type AwakeHold,
  type BatteryInfo,
  type PowerEventName,
  type PowerPort,
  type SleepSettings,
} from '../../../src/core/ports';

export { FakeClock, flush } from '../../support/fake-clock';

export const NO_ASSERTIONS: AssertionsInfo = { preventUserIdleSystemSleep: false, preventSystemSleep: false, assertions: [] };

export class FakePowerPort implements PowerPort {
  supported = true;
  sleep: SleepSettings = { sleepTimerMin: 10, sleepDisabled: false, displaySleepMin: 10 };
  assertions: AssertionsInfo = NO_ASSERTIONS;
  battery: BatteryInfo = UNKNOWN_BATTERY;
  lastInputAt: number;
  reads = { idle: 0, pmset: 0 };
  /** The next this many idle reads answer "unknown" (ioreg failed). */
  unknownIdleReads = 0;
  holdsStarted = 0;
  liveHolds = 0;
  readonly #listeners = new Map<PowerEventName, Set<() => void>>();
  readonly #clock: FakeClock;

  constructor(clock: FakeClock) {
    this.#clock = clock;
    this.lastInputAt = clock.now();
  }

  /** The user touches the mouse now. */
  input(): void {
    this.lastInputAt = this.#clock.now();
  }

  emit(event: PowerEventName): void {
    for (const l of [...(this.#listeners.get(event) ?? [])]) l();
  }

  listenerCount(): number {
    return [...this.#listeners.values()].reduce((n, s) => n + s.size, 0);
  }

  on(event: PowerEventName, listener: () => void): () => void {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)?.add(listener);
    return () => this.#listeners.get(event)?.delete(listener);
  }

  async idleSeconds(): Promise<number | null> {
    this.reads.idle += 1;
    if (this.unknownIdleReads > 0) {
      this.unknownIdleReads -= 1;
      return null;
    }
    return (this.#clock.now() - this.lastInputAt) / 1000;
  }

  async readSleepSettings(): Promise<SleepSettings> {
    this.reads.pmset += 1;
    return this.sleep;
  }

  async readAssertions(): Promise<AssertionsInfo> {
    return this.assertions;
  }

  async readBattery(): Promise<BatteryInfo> {
    return this.battery;
  }

  holdAwake(): AwakeHold {
    this.holdsStarted += 1;
    this.liveHolds += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.liveHolds -= 1;
      },
    };
  }
}

export const RTX_ATTACHED: EgpuContext = {
  devices: [{ key: 'nvidia:2684:0', name: 'RTX 4090', link: 'Thunderbolt 4 · x4 Gen3' }],
  driverReady: true,
  users: [],
};
export const NO_EGPU: EgpuContext = { devices: [], driverReady: null, users: [] };
