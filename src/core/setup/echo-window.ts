// Output held back while keys typed behind queued output may still be echoing. The echo of such a
// key lands somewhere after the output that was queued when it was typed, so it cannot be told
// from the program's own characters by position. The window holds the output until it can decide:
// - the keys' echo shows up as one unbroken run of 6 or more (a paste): exactly that run is removed;
// - the pty went quiet (or the command ended): every character that can be the echo of a key the
//   output shows as echoed is removed from the window. Evidence that keys echoed: the pieces they were
//   typed in (a single key, or a paste: keys sent at once, which the pty echoes as one run) found in
//   order, each after the place it was typed. A lone key's character found only after the next key
//   was typed is no evidence (a reply to an echo-off prompt sharing a letter with the passphrase);
//   keys not found in order were not echoed, and nothing of theirs is removed;
// - the window grew too large: the held part leaves without any character of any key.

interface BusyKey {
  char: string;
  /** Index in `held` of the first character that can be this key's echo. */
  pos: number;
  /** Which typed piece the key came in: a single key, or a run of keys sent at once (a paste) up to an Enter. */
  piece: number;
}

/** Keys sent at once (one key, or a paste up to an Enter): the pty echoes them as one unbroken run. */
interface TypedPiece {
  text: string;
  keys: number;
  pos: number;
}

/**
 * A run of the keys' echo closes the window early only when it is at least this long: shorter runs
 * are common in program output ("ss" in "class"), and taking one for the echo would let the real
 * echo through. Shorter type-ahead waits for the quiet interval instead.
 */
const MIN_RUN_TO_CLOSE = 6;
/** Keys beyond this many are not tracked (a paste this large into a busy terminal is not a secret typed by hand). */
const MAX_KEYS = 64 * 1024;

export class BusyWindow {
  /** Output held back, and the indices in it that turned out to be echo. */
  private held = '';
  private echoAt = new Set<number>();
  private keys: BusyKey[] = [];
  /** How many keys the held output contains in order, each after its key was typed (earliest match). */
  private inOrder = 0;
  /** Indices in `held` of an unbroken in-order match of keys[0..run.length). */
  private run: number[] = [];
  private lastKeyWasEnter = false;
  /** How many typed pieces the keys came in, and whether the next key starts a new one. */
  private pieces = 0;
  private pieceEnded = true;
  /** Set when too much output was held and part of it left: the evidence before that point is gone. */
  private overflowed = false;
  /** The filter's tick count when the last key was typed. */
  lastTick = 0;
  /** Set when the window closed on a paste whose last key was Enter: its CR LF echo comes next. */
  closedBeforeEnterEcho = false;

  constructor(private readonly limit: number) {}

  get open(): boolean {
    return this.keys.length > 0;
  }

  /** A new piece of typed text begins: a new write to the pty, or a key after one that echoes as something else. */
  endPiece(): void {
    this.pieceEnded = true;
  }

  type(char: string, tick: number): void {
    this.lastTick = tick;
    if (this.keys.length >= MAX_KEYS) return;
    if (this.pieceEnded) this.pieces += 1;
    this.pieceEnded = false;
    this.keys.push({ char, pos: this.held.length, piece: this.pieces });
    this.lastKeyWasEnter = false;
  }

  typeEnter(tick: number): void {
    this.lastTick = tick;
    this.lastKeyWasEnter = this.keys.length > 0;
    this.pieceEnded = true;
  }

  /**
   * Output `text` from index `from` in. Holds it, unless the window closes part-way (the echo showed up
   * whole, or too much is held): then returns the output that may go to the log and where in `text`
   * it stopped; the caller handles the rest.
   */
  push(text: string, from: number): { released: string; next: number } {
    this.closedBeforeEnterEcho = false;
    const offset = this.held.length - from;
    let at = from;
    while (at < text.length) {
      const width = (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
      const char = width === 1 ? (text[at] ?? '') : text.slice(at, at + width);
      const index = offset + at;
      at += width;
      const next = this.keys[this.inOrder];
      if (next && next.char === char && index >= next.pos) this.inOrder += 1;
      this.trackRun(char, index);
      if (this.keys.length >= MIN_RUN_TO_CLOSE && this.run.length === this.keys.length) {
        this.held += text.slice(from, at);
        for (const each of this.run) this.echoAt.add(each);
        this.closedBeforeEnterEcho = this.lastKeyWasEnter;
        return { released: this.close(), next: at };
      }
      if (index + 1 >= this.limit) {
        this.held += text.slice(from, at);
        return { released: this.overflow(), next: at };
      }
    }
    this.held += text.slice(from);
    return { released: '', next: text.length };
  }

  /** The echo of every key has arrived by now (or never will): decide and give the output back. */
  expire(): string {
    this.removeEchoOf(this.overflowed ? this.inOrder : this.echoedKeys());
    return this.close();
  }

  /**
   * How many of the first keys the held output shows as echo, on evidence: the typed pieces in order,
   * each at or after the place it was typed, a paste as one unbroken run (the pty echoes what is sent
   * at once in one piece). One key's character alone is no evidence when more keys followed it: found
   * only after the next key was typed and no later key found with it, it is a program's character (a
   * reply to an echo-off prompt that happens to contain that letter), not an echo.
   */
  private echoedKeys(): number {
    const pieces: TypedPiece[] = [];
    let lastPiece = -1;
    for (const key of this.keys) {
      const last = pieces.at(-1);
      if (last && key.piece === lastPiece) {
        last.text += key.char;
        last.keys += 1;
      } else pieces.push({ text: key.char, keys: 1, pos: key.pos });
      lastPiece = key.piece;
    }
    let cursor = 0;
    let found = 0;
    let keys = 0;
    let firstAt = -1;
    for (const piece of pieces) {
      // A paste is known by its start: a line too long for the pty's line buffer echoes in part.
      const start = [...piece.text].slice(0, MIN_RUN_TO_CLOSE).join('');
      const at = this.held.indexOf(start, Math.max(cursor, piece.pos));
      if (at < 0) break;
      if (found === 0) firstAt = at;
      found += 1;
      keys += piece.keys;
      cursor = at + start.length;
    }
    const [first, second] = pieces;
    if (found === 1 && first?.keys === 1 && second && firstAt >= second.pos) return 0;
    return keys;
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
   * Marks as echo every character that can be the echo of keys[0..count): each key's character at or
   * after the place it was typed. Only the keys the output holds in order can have echoed, and the
   * echoed keys are always the first ones (echo goes off part-way through type-ahead, never back on).
   */
  private removeEchoOf(count: number): void {
    const firstPlace = new Map<string, number>();
    for (const key of this.keys.slice(0, count)) {
      const known = firstPlace.get(key.char);
      if (known === undefined || key.pos < known) firstPlace.set(key.char, key.pos);
    }
    if (firstPlace.size === 0) return;
    for (let index = 0; index < this.held.length; ) {
      const width = (this.held.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
      const from = firstPlace.get(width === 1 ? (this.held[index] ?? '') : this.held.slice(index, index + width));
      if (from !== undefined && index >= from) this.echoAt.add(index);
      index += width;
    }
  }

  /**
   * Too much output to hold: what is held leaves without any key's character. The keys stay
   * expected, and those already seen in order stay seen: the rest of their echo is still removed at
   * the end, and a key whose echo was in the part that left is not waited for again.
   */
  private overflow(): string {
    this.removeEchoOf(this.keys.length);
    const text = this.withoutEcho();
    this.keys = this.keys.map((key) => ({ ...key, pos: 0 }));
    this.run = [];
    this.overflowed = true;
    return text;
  }

  private close(): string {
    const text = this.withoutEcho();
    this.keys = [];
    this.inOrder = 0;
    this.run = [];
    this.lastKeyWasEnter = false;
    this.pieceEnded = true;
    this.overflowed = false;
    return text;
  }

  /** The held output without the characters marked as echo; empties the window's output. */
  private withoutEcho(): string {
    const held = this.held;
    const marks = [...this.echoAt].sort((a, b) => a - b);
    this.held = '';
    this.echoAt = new Set();
    let text = '';
    let start = 0;
    for (const mark of marks) {
      text += held.slice(start, mark);
      start = mark + ((held.codePointAt(mark) ?? 0) > 0xffff ? 2 : 1);
    }
    return text + held.slice(start);
  }
}
