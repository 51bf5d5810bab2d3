// Connects the on-screen terminal to a setup session: output in (acknowledged once written, for the
// core's flow control), keystrokes and sizes out. Knows nothing of xterm.js: it talks to a
// TerminalPort, so the accounting is testable without a real terminal.
import { MAX_ACK_CHARS, MAX_INPUT_CHARS, TERMINAL_SIZE_LIMITS } from '../../../core/api/setup';

// Re-exported for the bridge's tests and callers; the contract owns the numbers.
export { MAX_ACK_CHARS, MAX_INPUT_CHARS };

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** The few things the wizard needs from a terminal widget. */
export interface TerminalPort {
  /** `onWritten` runs once the terminal has processed `data` (xterm's write callback). */
  write(data: string, onWritten: () => void): void;
  /** Clears the screen and scrollback for a new session. */
  reset(): void;
  focus(): void;
  /** Keystrokes and pastes typed into the terminal. */
  onInput(listener: (data: string) => void): () => void;
  /** Fits the terminal to its container; null when the container has no size (hidden). */
  fit(): TerminalSize | null;
  dispose(): void;
}

/** What the bridge sends to the core (the setupAck / setupInput / setupResize commands). */
export interface SessionChannel {
  ack(sessionId: string, chars: number): void;
  input(sessionId: string, data: string): void;
  resize(sessionId: string, size: TerminalSize): void;
}

export const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };
/** Output that arrives before we know its session (it can beat the run reply) waits, up to this much. */
const MAX_EARLY_CHARS = 1_000_000;

export class TerminalBridge {
  private port: TerminalPort | null = null;
  private stopInput: (() => void) | null = null;
  private sessionId: string | null = null;
  private sessionRunning = false;
  private size: TerminalSize = DEFAULT_SIZE;
  private lastSentSize: TerminalSize | null = null;
  /** Output for the current session written before a terminal was attached. */
  private unwritten: string[] = [];
  private early: { sessionId: string; chunks: string[]; chars: number } | null = null;
  private readonly endedSessions = new Set<string>();

  constructor(private readonly channel: SessionChannel) {}

  get currentSessionId(): string | null {
    return this.sessionId;
  }

  /** The size to start a run with: the last fitted size, clamped to what the core accepts. */
  get terminalSize(): TerminalSize {
    return this.size;
  }

  attach(port: TerminalPort): () => void {
    this.detach();
    this.port = port;
    this.stopInput = port.onInput((data) => this.forwardInput(data));
    const waiting = this.unwritten;
    this.unwritten = [];
    for (const data of waiting) this.write(data);
    return () => {
      if (this.port === port) this.detach();
    };
  }

  focus(): void {
    this.port?.focus();
  }

  /** A session started (our Run reply, or the core's progress naming an active session). */
  startSession(sessionId: string): void {
    if (this.sessionId === sessionId || this.endedSessions.has(sessionId)) return;
    this.sessionId = sessionId;
    this.sessionRunning = true;
    this.lastSentSize = null;
    this.unwritten = [];
    this.port?.reset();
    const early = this.early?.sessionId === sessionId ? this.early.chunks : [];
    this.early = null;
    for (const data of early) this.write(data);
    // The pty may have been created at another size (another window, or before a resize).
    this.sendSize();
  }

  /** The session ended: its output stays on screen, keystrokes no longer go anywhere. */
  endSession(sessionId: string): void {
    // A run so quick that we only learn of it at its exit: still show what it printed.
    if (this.early?.sessionId === sessionId) this.startSession(sessionId);
    this.endedSessions.add(sessionId);
    if (this.sessionId === sessionId) this.sessionRunning = false;
  }

  output(sessionId: string, data: string): void {
    if (sessionId === this.sessionId) return this.write(data);
    if (this.endedSessions.has(sessionId)) return this.channel.ack(sessionId, data.length);
    this.holdEarly(sessionId, data);
  }

  /** From the terminal's fitted size; ignores nonsense, clamps to the contract's bounds. */
  resize(size: TerminalSize): void {
    const next = clampSize(size);
    if (!next) return;
    this.size = next;
    this.sendSize();
  }

  reset(): void {
    this.detach();
    this.sessionId = null;
    this.sessionRunning = false;
    this.size = DEFAULT_SIZE;
    this.lastSentSize = null;
    this.unwritten = [];
    this.early = null;
    this.endedSessions.clear();
  }

  private write(data: string): void {
    const sessionId = this.sessionId;
    if (sessionId === null) return;
    if (!this.port) {
      this.unwritten.push(data);
      return;
    }
    this.port.write(data, () => this.acknowledge(sessionId, data.length));
  }

  private acknowledge(sessionId: string, chars: number): void {
    for (const piece of ackPieces(chars)) this.channel.ack(sessionId, piece);
  }

  private forwardInput(data: string): void {
    if (this.sessionId === null || !this.sessionRunning) return;
    for (const piece of splitInput(data)) this.channel.input(this.sessionId, piece);
  }

  private sendSize(): void {
    if (this.sessionId === null || !this.sessionRunning) return;
    const last = this.lastSentSize;
    if (last && last.cols === this.size.cols && last.rows === this.size.rows) return;
    this.lastSentSize = this.size;
    this.channel.resize(this.sessionId, this.size);
  }

  private holdEarly(sessionId: string, data: string): void {
    if (this.early && this.early.sessionId !== sessionId) this.dropEarly();
    this.early ??= { sessionId, chunks: [], chars: 0 };
    this.early.chunks.push(data);
    this.early.chars += data.length;
    // Nobody claimed this session: let the command go on rather than hold it paused.
    if (this.early.chars > MAX_EARLY_CHARS) this.dropEarly();
  }

  private dropEarly(): void {
    if (this.early) this.acknowledge(this.early.sessionId, this.early.chars);
    this.early = null;
  }

  private detach(): void {
    this.stopInput?.();
    this.stopInput = null;
    this.port = null;
  }
}

/** 12000 → [5000, 5000, 2000]. */
export function ackPieces(chars: number): number[] {
  const pieces: number[] = [];
  for (let left = chars; left > 0; left -= MAX_ACK_CHARS) pieces.push(Math.min(left, MAX_ACK_CHARS));
  return pieces;
}

/** Splits a paste for setupInput without cutting a surrogate pair in half. */
export function splitInput(data: string, maxChars = MAX_INPUT_CHARS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + maxChars, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && end - 1 > start && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}

export function clampSize(size: TerminalSize): TerminalSize | null {
  if (!Number.isFinite(size.cols) || !Number.isFinite(size.rows)) return null;
  const clamp = (value: number) =>
    Math.min(TERMINAL_SIZE_LIMITS.max, Math.max(TERMINAL_SIZE_LIMITS.min, Math.floor(value)));
  return { cols: clamp(size.cols), rows: clamp(size.rows) };
}
