// Watermark flow control between the pty and a terminal that renders slower than a command prints.
// Output sent to the renderer counts as unacknowledged until the renderer acks it (from xterm's
// write callback, in steps of ACK_SIZE_CHARS). Above the high watermark the pty is paused (the
// command blocks on write); it resumes once the backlog falls below the low watermark.
import { MAX_ACK_CHARS } from '../api/setup';

export const HIGH_WATERMARK_CHARS = 100_000;
export const LOW_WATERMARK_CHARS = 5_000;
/** How often the renderer should ack (the contract's limit); must not exceed the low watermark or the pty never resumes. */
export const ACK_SIZE_CHARS = MAX_ACK_CHARS;

export interface FlowControlOptions {
  pause: () => void;
  resume: () => void;
  highWatermark?: number;
  lowWatermark?: number;
}

export class FlowControl {
  private unacknowledged = 0;
  private paused = false;
  private readonly high: number;
  private readonly low: number;

  constructor(private readonly options: FlowControlOptions) {
    this.high = options.highWatermark ?? HIGH_WATERMARK_CHARS;
    this.low = options.lowWatermark ?? LOW_WATERMARK_CHARS;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get unacknowledgedChars(): number {
    return this.unacknowledged;
  }

  /** Called for every batch sent to the renderer. */
  sent(chars: number): void {
    this.unacknowledged += chars;
    if (!this.paused && this.unacknowledged > this.high) {
      this.paused = true;
      this.options.pause();
    }
  }

  /**
   * A terminal (re)attached: whatever the previous one never acknowledged is gone with it, so
   * counting it would keep the command paused forever.
   */
  reset(): void {
    this.unacknowledged = 0;
    if (this.paused) {
      this.paused = false;
      this.options.resume();
    }
  }

  /** The renderer has written `chars` more characters to the screen. */
  ack(chars: number): void {
    this.unacknowledged = Math.max(0, this.unacknowledged - chars);
    if (this.paused && this.unacknowledged < this.low) {
      this.paused = false;
      this.options.resume();
    }
  }
}
