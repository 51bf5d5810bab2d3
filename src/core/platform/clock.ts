// The one clock port: every service that reads the time or waits takes a Clock, so tests drive time
// with a fake (test/support/fake-clock.ts) and no service keeps its own timer interface.

/** What setTimeout/setInterval returned; only `cancel` reads it. */
export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Runs `fn` every `ms` until cancelled. */
  setInterval(fn: () => void, ms: number): TimerHandle;
  /** Stops a timer from either; a handle already fired or cancelled is ignored. */
  cancel(handle: TimerHandle): void;
}

/** Real timers, unref'd: a pending timer never keeps the app or a CLI command alive on its own. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The real clock with another `now` (hosts and tests that fix the time but keep real timers). */
export function clockWithNow(now: () => number): Clock {
  return { ...realClock, now };
}
