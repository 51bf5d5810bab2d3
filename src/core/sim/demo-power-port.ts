// The power port of `serve --demo`: a Mac whose sleep timer is 2 minutes and whose user went idle
// a minute ago, so the page shows the sleep warning and its countdown within moments. Idle time
// grows with the clock and starts over from zero (the user "comes back") when the timer would have
// fired, so the demo alternates a minute of countdown with a quiet minute.
import { UNKNOWN_BATTERY, type AssertionsInfo, type AwakeHold, type PowerEventName, type PowerPort, type SleepSettings } from '../ports';

export const DEMO_SLEEP_TIMER_MIN = 2;
export const DEMO_IDLE_START_SEC = 60;

export interface DemoPowerPort extends PowerPort {
  /** Tests and the demo page: a sleep or wake as powerMonitor would report it. */
  emit(event: PowerEventName): void;
}

export function createDemoPowerPort(now: () => number = Date.now): DemoPowerPort {
  const startedAt = now();
  const listeners = new Map<PowerEventName, Set<() => void>>();
  let holds = 0;
  const timerSec = DEMO_SLEEP_TIMER_MIN * 60;
  const settings: SleepSettings = { sleepTimerMin: DEMO_SLEEP_TIMER_MIN, sleepDisabled: false, displaySleepMin: 1 };
  return {
    supported: true,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<() => void>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    emit(event) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener();
    },
    idleSeconds: () => Promise.resolve((DEMO_IDLE_START_SEC + (now() - startedAt) / 1000) % timerSec),
    readSleepSettings: () => Promise.resolve(settings),
    readAssertions: (): Promise<AssertionsInfo> =>
      Promise.resolve({
        preventUserIdleSystemSleep: holds > 0,
        preventSystemSleep: false,
        assertions: holds > 0 ? [{ pid: process.pid, process: 'eGPU Companion', type: 'PreventUserIdleSystemSleep', name: 'keep awake' }] : [],
      }),
    readBattery: () => Promise.resolve({ ...UNKNOWN_BATTERY, onBattery: false }),
    holdAwake(): AwakeHold {
      holds += 1;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          holds -= 1;
        },
      };
    },
  };
}
