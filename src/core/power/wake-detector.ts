// Sleep seen from plain Node: a timer that fires much later than due means the process (and the
// Mac) was suspended. One in-process timer, no child processes; runs only while someone listens.

import type { Clock, TimerHandle } from '../platform/clock';

export const WAKE_CHECK_MS = 15_000;
/** Lateness beyond this is a sleep, not a busy event loop. */
export const WAKE_JUMP_MS = 30_000;

/** Pure: did the wall clock jump further than the timer could explain? */
export function isWakeJump(previousAt: number, now: number, intervalMs = WAKE_CHECK_MS, jumpMs = WAKE_JUMP_MS): boolean {
  return now - previousAt > intervalMs + jumpMs;
}

export class WakeDetector {
  readonly #clock: Clock;
  readonly #listeners = new Set<() => void>();
  #timer: TimerHandle | null = null;
  #last = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  onWake(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (this.#timer === null) {
      this.#last = this.#clock.now();
      this.#timer = this.#clock.setInterval(() => this.#tick(), WAKE_CHECK_MS);
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer !== null) {
        this.#clock.cancel(this.#timer);
        this.#timer = null;
      }
    };
  }

  #tick(): void {
    const now = this.#clock.now();
    const jumped = isWakeJump(this.#last, now);
    this.#last = now;
    if (jumped) for (const listener of [...this.#listeners]) listener();
  }
}
