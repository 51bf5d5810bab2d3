// One command in a pseudo-terminal (so sudo, Homebrew and "Continue? [y/N]" prompts work as in
// Terminal). The child leads its own session and process group; stopping it escalates
// Ctrl-C → SIGTERM → SIGKILL on the whole group, and the group is swept once the leader exits.
import * as pty from 'node-pty';
import { TERMINAL_SIZE_LIMITS } from '../api/setup';
import { signalProcessGroup } from './process-group';

export interface PtyExit {
  exitCode: number | null;
  /** Signal number when the leader was killed by a signal. */
  signal: number | null;
}

export interface PtySessionOptions {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
  onData: (chunk: Buffer) => void;
}

const INPUT_CHUNK_CHARS = 512;
const RESIZE_DEBOUNCE_MS = 50;
const CTRL_C = '\x03';

export class PtySession {
  readonly pid: number;
  readonly exited: Promise<PtyExit>;
  private readonly terminal: pty.IPty;
  private hasExited = false;
  private inputQueue: string[] = [];
  private inputScheduled = false;
  private resizeTimer: NodeJS.Timeout | null = null;
  private size: { cols: number; rows: number };

  /** Throws if the pty cannot be created. */
  constructor(options: PtySessionOptions) {
    this.size = { cols: clampSize(options.cols, 80), rows: clampSize(options.rows, 24) };
    this.terminal = pty.spawn(options.file, options.args, {
      name: 'xterm-256color',
      cols: this.size.cols,
      rows: this.size.rows,
      cwd: options.cwd,
      env: stringEnv(options.env),
      // Raw bytes: the batcher decodes them so split multibyte characters survive.
      encoding: null,
    });
    this.pid = this.terminal.pid;
    const dataSubscription = this.terminal.onData((data: string | Buffer) => {
      options.onData(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    });
    this.exited = new Promise((resolve) => {
      const exitSubscription = this.terminal.onExit(({ exitCode, signal }) => {
        this.hasExited = true;
        this.clearTimers();
        dataSubscription.dispose();
        exitSubscription.dispose();
        // Anything the command left running in its group (a background job) goes with it.
        signalProcessGroup(this.pid, 'SIGKILL');
        const bySignal = typeof signal === 'number' && signal > 0;
        resolve({ exitCode: bySignal ? null : exitCode, signal: bySignal ? signal : null });
      });
    });
  }

  get isRunning(): boolean {
    return !this.hasExited;
  }

  /** Keystrokes, written in chunks so a large paste cannot stall the event loop or the pty. */
  write(data: string): void {
    if (this.hasExited || data.length === 0) return;
    this.inputQueue.push(...splitForInput(data));
    this.scheduleInput();
  }

  resize(cols: number, rows: number): void {
    if (this.hasExited) return;
    this.size = { cols: clampSize(cols, this.size.cols), rows: clampSize(rows, this.size.rows) };
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    // A window drag sends many sizes; only the last one matters.
    this.resizeTimer = setTimeout(() => {
      this.resizeTimer = null;
      if (this.hasExited) return;
      try {
        this.terminal.resize(this.size.cols, this.size.rows);
      } catch {
        // ioctl fails with EBADF if the pty closed meanwhile.
      }
    }, RESIZE_DEBOUNCE_MS);
  }

  pause(): void {
    if (!this.hasExited) this.terminal.pause();
  }

  resume(): void {
    if (!this.hasExited) this.terminal.resume();
  }

  /** Asks nicely (Ctrl-C), then SIGTERM, then SIGKILL, waiting `graceMs` between each. */
  async stop(graceMs: number): Promise<PtyExit> {
    if (this.hasExited) return this.exited;
    this.inputQueue = [];
    this.writeNow(CTRL_C);
    if (await this.exitsWithin(graceMs)) return this.exited;
    signalProcessGroup(this.pid, 'SIGTERM', true);
    if (await this.exitsWithin(graceMs)) return this.exited;
    return this.kill();
  }

  /** Ctrl-C, then SIGKILL of the whole group after `graceMs`: for when the app quits and time is short. */
  async stopQuickly(graceMs: number): Promise<PtyExit> {
    if (this.hasExited) return this.exited;
    this.inputQueue = [];
    this.writeNow(CTRL_C);
    if (await this.exitsWithin(graceMs)) return this.exited;
    return this.kill();
  }

  /** Immediate SIGKILL of the whole group (app quitting). */
  kill(): Promise<PtyExit> {
    if (!this.hasExited) signalProcessGroup(this.pid, 'SIGKILL', true);
    return this.exited;
  }

  private exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    return Promise.race([this.exited.then(() => true), timeout]).finally(() => clearTimeout(timer));
  }

  private scheduleInput(): void {
    if (this.inputScheduled) return;
    this.inputScheduled = true;
    setImmediate(() => {
      this.inputScheduled = false;
      const chunk = this.inputQueue.shift();
      if (chunk === undefined || this.hasExited) return;
      this.writeNow(chunk);
      if (this.inputQueue.length > 0) this.scheduleInput();
    });
  }

  private writeNow(data: string): void {
    if (this.hasExited) return;
    try {
      this.terminal.write(data);
    } catch {
      // The pty closed between the check and the write.
    }
  }

  private clearTimers(): void {
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    this.resizeTimer = null;
    this.inputQueue = [];
  }
}

function clampSize(value: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(TERMINAL_SIZE_LIMITS.max, Math.max(TERMINAL_SIZE_LIMITS.min, Math.floor(value)));
}

/** Splits on chunk boundaries without cutting a surrogate pair in half. */
export function splitForInput(data: string, chunkChars = INPUT_CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + chunkChars, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end = end - 1 > start ? end - 1 : end + 1;
    chunks.push(data.slice(start, end));
    start = end;
  }
  return chunks;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
