// What every logger adapter shares: one line per message, and a ring of the newest lines that the
// diagnostics bundle includes (a bug report needs the moments before it was made).
import { describeError, LOG_LEVELS, type LogLevel } from './logger';

/** Logger adapters that remember their newest lines offer this too. */
export interface RecentLogSource {
  recentLines(limit?: number): string[];
}

export function hasRecentLines(value: unknown): value is RecentLogSource {
  return typeof (value as Partial<RecentLogSource> | null)?.recentLines === 'function';
}

export const DEFAULT_RECENT_LINES = 200;
const MAX_LINE_CHARS = 2000;

export class RecentLines implements RecentLogSource {
  private readonly lines: string[] = [];

  constructor(private readonly capacity = DEFAULT_RECENT_LINES) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  recentLines(limit = this.capacity): string[] {
    return limit <= 0 ? [] : this.lines.slice(-limit);
  }
}

/** "2026-01-02T03:04:05.678Z WARN  message: detail" on one line, at most MAX_LINE_CHARS long. */
export function formatLogLine(at: number, level: LogLevel, message: string, detail?: unknown): string {
  const extra = detail === undefined ? '' : `: ${describeDetail(detail)}`;
  const line = `${new Date(at).toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}`.replace(/\s*\r?\n\s*/g, ' ⏎ ');
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
}

function describeDetail(detail: unknown): string {
  if (detail instanceof Error) return describeError(detail);
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail) ?? String(detail);
  } catch {
    // Circular or otherwise unserializable: its string form is the best there is.
    return String(detail);
  }
}

/** A level name from a flag or environment variable; anything else is null. */
export function parseLogLevel(value: string | undefined): LogLevel | null {
  const wanted = value?.trim().toLowerCase();
  return LOG_LEVELS.find((level) => level === wanted) ?? null;
}

export function levelEnabled(threshold: LogLevel, level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}
