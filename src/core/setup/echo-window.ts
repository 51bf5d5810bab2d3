// Output held back while keys typed behind queued output may still be echoing. The echo of such a
// key lands somewhere after the output that was queued when it was typed, so it cannot be told
// from the program's own characters by position. The window holds the output until it can decide:
// - the keys' echo shows up as one unbroken run (a paste): exactly that run is removed;
// - the pty went quiet (or the command ended, or the window grew too large): every character that
//   can be the echo of a key is removed from the window. When the held output does not even
//   contain the keys in order, echo was off and nothing is removed.

interface BusyKey {
  char: string;
  /** Index in `held` of the first character that can be this key's echo. */
  pos: number;
}

/** Keys beyond this many are not tracked (a paste this large into a busy terminal is not a secret typed by hand). */
const MAX_KEYS = 64 * 1024;

export class BusyWindow {
  private held: string[] = [];
  private keys: BusyKey[] = [];
  /** How many keys the held output contains in order, each after its key was typed (earliest match). */
  private inOrder = 0;
  /** Indices in `held` of an unbroken in-order match of keys[0..run.length). */
  private run: number[] = [];
  private lastKeyWasEnter = false;
  /** The filter's tick count when the last key was typed. */
  lastTick = 0;
  /** Set when the window closed on a paste whose last key was Enter: its CR LF echo comes next. */
  closedBeforeEnterEcho = false;

  constructor(private readonly limit: number) {}

  get open(): boolean {
    return this.keys.length > 0;
  }

  type(char: string, tick: number): void {
    this.lastTick = tick;
    if (this.keys.length >= MAX_KEYS) return;
    this.keys.push({ char, pos: this.held.length });
    this.lastKeyWasEnter = false;
  }

  typeEnter(tick: number): void {
    this.lastTick = tick;
    this.lastKeyWasEnter = this.keys.length > 0;
  }

  /** One character of output in; returns output that may now go to the log. */
  push(char: string): string {
    this.closedBeforeEnterEcho = false;
    const index = this.held.length;
    this.held.push(char);
    const next = this.keys[this.inOrder];
    if (next && next.char === char && index >= next.pos) this.inOrder += 1;
    this.trackRun(char, index);
    if (this.keys.length >= 2 && this.run.length === this.keys.length) {
      for (const each of this.run) this.held[each] = '';
      this.closedBeforeEnterEcho = this.lastKeyWasEnter;
      return this.close();
    }
    if (this.held.length >= this.limit) return this.overflow();
    return '';
  }

  /** The echo of every key has arrived by now (or never will): decide and give the output back. */
  expire(): string {
    this.removeEchoOf(this.inOrder);
    return this.close();
  }

  private trackRun(char: string, index: number): void {
    const wanted = this.keys[this.run.length];
    if (wanted && wanted.char === char && index >= wanted.pos) {
      this.run.push(index);
      return;
    }
    // The echo of Enter may sit inside a pasted run; it carries nothing secret and stays.
    if (this.run.length > 0 && (char === '\r' || char === '\n')) return;
    const first = this.keys[0];
    this.run = first && first.char === char && index >= first.pos ? [index] : [];
  }

  /**
   * Removes every character that can be the echo of keys[0..count): each key's character at or after
   * the place it was typed. Only the keys the output holds in order can have echoed, and the echoed
   * keys are always the first ones (echo goes off part-way through type-ahead, never back on).
   */
  private removeEchoOf(count: number): void {
    const firstPlace = new Map<string, number>();
    for (const key of this.keys.slice(0, count)) {
      const known = firstPlace.get(key.char);
      if (known === undefined || key.pos < known) firstPlace.set(key.char, key.pos);
    }
    if (firstPlace.size === 0) return;
    for (let index = 0; index < this.held.length; index += 1) {
      const from = firstPlace.get(this.held[index] ?? '');
      if (from !== undefined && index >= from) this.held[index] = '';
    }
  }

  /** Too much output to hold: what is held leaves without any key's character; the keys stay expected. */
  private overflow(): string {
    this.removeEchoOf(this.keys.length);
    const text = this.held.join('');
    this.held = [];
    this.keys = this.keys.map((key) => ({ char: key.char, pos: 0 }));
    this.inOrder = 0;
    this.run = [];
    return text;
  }

  private close(): string {
    const text = this.held.join('');
    this.held = [];
    this.keys = [];
    this.inOrder = 0;
    this.run = [];
    this.lastKeyWasEnter = false;
    return text;
  }
}
