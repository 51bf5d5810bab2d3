// Sleep seen from plain Node: a timer that fires much later than due means the process (and the
// Mac) was suspended. One in-process timer, no child processes; runs only while someone listens.

export const WAKE_CHECK_MS = 15_000;
/** Lateness beyond this is a sleep, not a busy event loop. */
export const WAKE_JUMP_MS = 30_000;

export interface WakeDetectorClock {
  now(): number;
  setInterval(fn: () => void, ms: number): ReturnType<typeof setInterval>;
  clearInterval(handle: ReturnType<typeof setInterval>): void;
}

/** Pure: did the wall clock jump further than the timer could explain? */
export function isWakeJump(previousAt: number, now: number, intervalMs = WAKE_CHECK_MS, jumpMs = WAKE_JUMP_MS): boolean {
  return now - previousAt > intervalMs + jumpMs;
}

export class WakeDetector {
  readonly #clock: WakeDetectorClock;
  readonly #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #last = 0;

  constructor(clock: WakeDetectorClock) {
    this.#clock = clock;
  }

  onWake(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (this.#timer === null) {
      this.#last = this.#clock.now();
      this.#timer = this.#clock.setInterval(() => this.#tick(), WAKE_CHECK_MS);
      // Never the reason a CLI stays alive.
      (this.#timer as { unref?: () => void }).unref?.();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer !== null) {
        this.#clock.clearInterval(this.#timer);
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
