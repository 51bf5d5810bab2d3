// Collects terminal output and hands it on in batches (every ~16 ms, or at once past ~200 KB) so
// a chatty command does not flood IPC with tiny messages. Bytes are decoded with a StringDecoder,
// which holds back a multibyte character split across two reads until its last byte arrives.
import { StringDecoder } from 'node:string_decoder';

export const BATCH_INTERVAL_MS = 16;
export const MAX_BATCH_CHARS = 200 * 1024;

export interface OutputBatcherOptions {
  onBatch: (text: string) => void;
  intervalMs?: number;
  maxBatchChars?: number;
}

export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  private readonly intervalMs: number;
  private readonly maxBatchChars: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: OutputBatcherOptions) {
    this.intervalMs = options.intervalMs ?? BATCH_INTERVAL_MS;
    this.maxBatchChars = options.maxBatchChars ?? MAX_BATCH_CHARS;
  }

  /** Raw bytes from the pty, or text we print ourselves. */
  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text.length === 0) return;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= this.maxBatchChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pendingChars === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.options.onBatch(text);
  }

  /** The stream ended: an incomplete trailing character becomes U+FFFD, then everything goes out. */
  end(): void {
    const tail = this.decoder.end();
    if (tail.length > 0) {
      this.pending.push(tail);
      this.pendingChars += tail.length;
    }
    this.flush();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.pendingChars = 0;
  }
}
