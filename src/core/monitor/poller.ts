// Runs probes on a timer: never two at once, backs off while they fail, polls at once on demand.
export interface PollerOptions {
  intervalMs: number;
  /** Runs one probe; resolves true when it succeeded (used for back-off). */
  poll: () => Promise<boolean>;
  /** Upper bound for the back-off delay. */
  maxBackoffMs?: number;
}

export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;
  private failures = 0;
  private running = false;
  private stopped = false;
  private intervalMs: number;

  constructor(private readonly options: PollerOptions) {
    this.intervalMs = options.intervalMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    void this.pollNow();
  }

  stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.followUp ?? this.inFlight ?? Promise.resolve();
  }

  setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    if (this.running && !this.inFlight) this.schedule();
  }

  /**
   * Probe now. If a probe is already running it may have started before what the caller wants seen
   * (a flipped device, new settings), so one more probe follows it; callers meanwhile share that one.
   */
  pollNow(): Promise<void> {
    if (this.inFlight) {
      this.followUp ??= this.inFlight.then(() => {
        this.followUp = null;
        // A stopped poller (app quitting) runs no more probes.
        return this.stopped ? undefined : this.pollNow();
      });
      return this.followUp;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight = (async () => {
      try {
        const ok = await this.options.poll();
        this.failures = ok ? 0 : this.failures + 1;
      } catch {
        this.failures += 1;
      } finally {
        this.inFlight = null;
        if (this.running) this.schedule();
      }
    })();
    return this.inFlight;
  }

  /** Delay before the next poll: the interval, doubled per consecutive failure up to 8×. */
  nextDelayMs(): number {
    const factor = Math.min(2 ** Math.max(0, this.failures - 1), 8);
    return Math.min(this.intervalMs * factor, Math.max(this.options.maxBackoffMs ?? 60_000, this.intervalMs));
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    // Not unref'd: in `watch` the poller is what keeps the process alive.
    this.timer = setTimeout(() => void this.pollNow(), this.nextDelayMs());
  }
}
