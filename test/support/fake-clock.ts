// A fake Clock: time moves only when a test says so, firing due timers and intervals in order and
// letting the promises they start settle.
import type { Clock, TimerHandle } from '../../src/core/platform/clock';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  /** Set for setInterval: the timer comes back this much later after each run. */
  every: number | null;
}

export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #next = 1;

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.#add(fn, ms, null);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.#add(fn, ms, Math.max(1, ms));
  }

  cancel(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward, firing due timers in order and letting their async work settle. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flush();
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      if (due.every !== null) this.#timers.push({ ...due, at: due.at + due.every });
      this.#now = due.at;
      due.fn();
      await flush();
    }
    this.#now = target;
    await flush();
  }

  #add(fn: () => void, ms: number, every: number | null): number {
    const timer = { id: this.#next++, at: this.#now + Math.max(0, ms), fn, every };
    this.#timers.push(timer);
    return timer.id;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
