// One expected echo matched character by character, with the partial match held back so that a
// chunk boundary inside the echo never lets its first half through. Anchored: the echo must be the
// very next output (nothing was queued when it was typed). Once an anchored echo misses, it turns
// into a watch: the same text is removed wherever it turns up whole, which covers a program write
// that raced the keystroke; a watch never removes anything but an exact copy of what was typed.

/** An echo with fewer printable characters than this is too short to recognise once it is not anchored. */
const MIN_WATCH_PRINTABLE = 3;

export class ExactEcho {
  private held = '';
  private anchored = true;
  private isDone = false;

  constructor(
    private echo: string,
    /** The filter's tick count when the echo was last extended. */
    public tick: number,
    /** Output volume after which a watch gives up. */
    public readonly deadline: number,
  ) {}

  get done(): boolean {
    return this.isDone;
  }

  /** An anchored echo no output has reached yet can take more typed text. */
  get untouched(): boolean {
    return this.anchored && this.held.length === 0 && !this.isDone;
  }

  /**
   * Watching with nothing held: the index in `text`, from `from` on, where the echo could next
   * start (text.length when nowhere), so the output before it passes in one piece. `from` otherwise.
   */
  nextPossibleStart(text: string, from: number): number {
    if (this.anchored || this.isDone || this.held.length > 0) return from;
    const next = text.indexOf(this.echo.charAt(0), from);
    return next < 0 ? text.length : next;
  }

  extend(echo: string, tick: number): void {
    this.echo += echo;
    this.tick = tick;
  }

  /** One character of output in; the output to pass on (held text included when it turned out not to be the echo). */
  push(char: string): string {
    if (this.isDone) return char;
    const candidate = this.held + char;
    if (this.echo.startsWith(candidate)) return this.hold(candidate);
    if (this.anchored) {
      this.anchored = false;
      if (printableLength(this.echo) < MIN_WATCH_PRINTABLE) {
        this.isDone = true;
        this.held = '';
        return candidate;
      }
    }
    // Slide: give back characters from the front until what is left could still start the echo.
    let rest = candidate;
    let passed = '';
    while (rest.length > 0 && !this.echo.startsWith(rest)) {
      const first = String.fromCodePoint(rest.codePointAt(0) ?? 0);
      passed += first;
      rest = rest.slice(first.length);
    }
    return passed + this.hold(rest);
  }

  /** Gives back whatever is held and stops matching. */
  release(): string {
    const held = this.held;
    this.held = '';
    this.isDone = true;
    return held;
  }

  private hold(candidate: string): string {
    if (candidate.length > 0 && candidate.length === this.echo.length) {
      this.isDone = true;
      this.held = '';
      return '';
    }
    this.held = candidate;
    return '';
  }
}

function printableLength(text: string): number {
  let count = 0;
  for (const char of text) if (char !== '\r' && char !== '\n') count += 1;
  return count;
}
