// tinygrad's own output: the per-request stderr line of `--serve` and the per-token line of
// `--benchmark`. Both come with ANSI colours and may arrive in pieces. Parsers never throw.

export interface TinygradRequestLine {
  path: string;
  prepMs: number | null;
  cachedTokens: number | null;
  newTokens: number | null;
  prefillTokensPerSecond: number | null;
  genTokensPerSecond: number | null;
  outTokens: number | null;
  totalSeconds: number | null;
  /** tinygrad prints the total in red when the client disconnected mid-generation. */
  interrupted: boolean;
}

export interface TinygradBenchmarkLine {
  tokenMs: number;
  tokensPerSecond: number;
  gbPerSecond: number;
  /** MB moved (read and written) for this token: GlobalCounters.global_mem. */
  mbUsed: number;
  /** MB allocated on the device: GlobalCounters.mem_used. */
  mbAllocated: number;
  text: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const RED_TOTAL = /\x1b\[31m[^\x1b]*total|total:\s*\x1b\[31m/;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * One line as it looks on a terminal: colours removed and, for a progress bar that redraws itself
 * with \r, only its last state; cut at `maxChars` (with "…") when given.
 */
export function redrawnLine(raw: string, maxChars = Infinity): string {
  const last = stripAnsi(raw).split('\r').filter((part) => part.trim() !== '').pop() ?? '';
  return last.length > maxChars ? `${last.slice(0, maxChars)}…` : last;
}

const num = (re: RegExp, text: string): number | null => {
  const m = re.exec(text);
  const value = m ? Number(m[1]) : NaN;
  return Number.isFinite(value) ? value : null;
};

/** One request's stats in a complete line; null for any other line. */
export function parseTinygradRequestLine(raw: string): TinygradRequestLine | null {
  return parseTinygradRequestLines(raw).at(-1) ?? null;
}

// Where a request's stats begin: the path after a space or at the start (not the "/s" of "tok/s"), then tinygrad's "--".
// eslint-disable-next-line no-control-regex
const REQUEST_START = /(?<=^|\s)(?=\/[a-z][\w/.-]*\s+(?:\x1b\[[0-9;]*m)?\s*--)/;

/**
 * Every request in a complete line. tinygrad v0.13.0 prints nothing more when a client disconnects,
 * so that request's stats stay unended and the next request's continue the same line: each but the
 * last is an interrupted request (its `gen:` and `total:` never came). Master ends it with a red total.
 */
export function parseTinygradRequestLines(raw: string): TinygradRequestLine[] {
  const segments = raw.split(REQUEST_START).filter((segment) => segment.trim() !== '');
  const lines: TinygradRequestLine[] = [];
  segments.forEach((segment, i) => {
    const line = parseSegment(segment, i < segments.length - 1);
    if (line) lines.push(line);
  });
  return lines;
}

function parseSegment(raw: string, unended: boolean): TinygradRequestLine | null {
  const text = stripAnsi(raw).trim();
  const path = /^(\/\S+)\s+--/.exec(text);
  if (!path || /context length exceeded/.test(text)) return null;
  const input = /\bin:\s*(\d+)\s*\+\s*(\d+)/.exec(text);
  const ended = /\b(gen|total|out):/.test(text);
  if (!ended && !(unended && input)) return null;
  return {
    path: path[1]!,
    prepMs: num(/\bprep:\s*([\d.]+)\s*ms/, text),
    cachedTokens: input ? Number(input[1]) : null,
    newTokens: input ? Number(input[2]) : null,
    prefillTokensPerSecond: num(/\bprefill:\s*([\d.]+)\s*tok\/s/, text),
    genTokensPerSecond: num(/\bgen:\s*([\d.]+)\s*tok\/s/, text),
    outTokens: num(/\bout:\s*(\d+)/, text),
    totalSeconds: num(/\btotal:\s*([\d.]+)\s*s/, text),
    interrupted: unended || RED_TOTAL.test(raw),
  };
}

export function parseTinygradBenchmarkLine(raw: string): TinygradBenchmarkLine | null {
  const m = /^\s*([\d.]+)\s*ms,\s*([\d.]+)\s*tok\/s,\s*([\d.]+)\s*GB\/s,\s*(\d+)\/(\d+)\s*MB(?:\s*-- {1,2}(.*))?$/.exec(stripAnsi(raw).replace(/\r$/, ''));
  if (!m) return null;
  const values = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  if (values.some((v) => !Number.isFinite(v))) return null;
  return { tokenMs: values[0]!, tokensPerSecond: values[1]!, gbPerSecond: values[2]!, mbUsed: values[3]!, mbAllocated: values[4]!, text: m[6] ?? '' };
}

/** The line that says what went wrong: a Python exception's last line, else the last thing printed. */
export function lastErrorLine(log: readonly string[]): string | null {
  const lines = log.map((l) => l.trim()).filter((l) => l !== '');
  const error = [...lines].reverse().find((l) => /(Error|Exception|No module named)\b/.test(l));
  const line = error ?? lines[lines.length - 1] ?? null;
  return line === null ? null : line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Python's words when the module is not installed for it. */
export function saysTinygradMissing(line: string | null): boolean {
  return line !== null && /No module named '?tinygrad\b/.test(line);
}

/** Splits a byte/char stream into complete lines (tinygrad prints its stats line in pieces). */
export class LineSplitter {
  private rest = '';
  private static readonly MAX = 64 * 1024;

  push(text: string): string[] {
    this.rest += text;
    const parts = this.rest.split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    // A line that never ends (a progress bar redrawn with \r) must not grow without bound.
    if (this.rest.length > LineSplitter.MAX) this.rest = this.rest.slice(-LineSplitter.MAX);
    return parts;
  }
}

export interface BenchmarkSummary {
  tokens: number;
  medianTokensPerSecond: number | null;
  medianGbPerSecond: number | null;
  mbUsed: number | null;
  mbAllocated: number | null;
}

export function summarizeBenchmark(lines: readonly TinygradBenchmarkLine[], median: (v: number[]) => number | null): BenchmarkSummary {
  // The first tokens include kernel compilation; tinygrad's own figures settle after a few.
  const steady = lines.length > 4 ? lines.slice(2) : lines;
  const last = lines[lines.length - 1];
  return {
    tokens: lines.length,
    medianTokensPerSecond: median(steady.map((l) => l.tokensPerSecond)),
    medianGbPerSecond: median(steady.map((l) => l.gbPerSecond)),
    mbUsed: last?.mbUsed ?? null,
    mbAllocated: last?.mbAllocated ?? null,
  };
}
