// Strips the terminal's echo of what the user typed from the text that goes to a step log. With echo
// on, the pty repeats every keystroke in its output; text typed before a prompt turns echo off (a
// passphrase typed ahead) would otherwise land on disk. We know every character we wrote to the pty,
// so its echo is removed in order as it comes back. The terminal on screen still shows it.

/** Echo comes back at once; an expected echo older than this never came (echo was off). */
export const ECHO_WINDOW_MS = 3_000;
/** More typed-ahead text than this is not tracked further (a big paste into a prompt). */
const MAX_PENDING_CHARS = 256 * 1024;

interface Expected {
  /** The characters the line discipline echoes for one typed character ("\r" comes back as "\r\n"). */
  echo: string;
  at: number;
}

export class EchoFilter {
  private pending: Expected[] = [];
  /** How far into the head entry's echo the output has matched. */
  private matched = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = ECHO_WINDOW_MS,
  ) {}

  /** Called with every piece of text written to the pty. */
  typed(data: string): void {
    const at = this.now();
    for (const char of data) {
      const echo = echoOf(char);
      if (echo !== null && this.pending.length < MAX_PENDING_CHARS) this.pending.push({ echo, at });
    }
  }

  /** Terminal output in, the same output without the echo of typed text out. */
  filter(text: string): string {
    this.expire();
    if (this.pending.length === 0) return text;
    let kept = '';
    for (const char of text) {
      const head = this.pending[0];
      if (head && head.echo[this.matched] === char) {
        this.matched += 1;
        if (this.matched === head.echo.length) this.advance();
        continue;
      }
      // Echo comes back at once and in order; other output first means echo was off, so nothing
      // typed will come back (and must not be matched against the program's own output).
      this.clear();
      kept += char;
    }
    return kept;
  }

  /** A new command starts: echo expected from the last one will not come. */
  clear(): void {
    this.pending = [];
    this.matched = 0;
  }

  private advance(): void {
    this.pending.shift();
    this.matched = 0;
  }

  private expire(): void {
    const oldest = this.now() - this.windowMs;
    let drop = 0;
    while (drop < this.pending.length && (this.pending[drop]?.at ?? 0) < oldest) drop += 1;
    if (drop === 0) return;
    this.pending.splice(0, drop);
    this.matched = 0;
  }
}

/**
 * What a pty in its default (cooked) mode echoes for one typed character: printable text as is,
 * Return and newline as CR LF. Other control keys echo as "^C", "\b \b" and the like, which carry
 * nothing of what was typed, so no echo is expected for them.
 */
function echoOf(char: string): string | null {
  if (char === '\r' || char === '\n') return '\r\n';
  if (char === '\t') return '\t';
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return null;
  return char;
}
