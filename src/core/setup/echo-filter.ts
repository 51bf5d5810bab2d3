// Keeps the terminal's echo of what the user typed out of a step's log; the terminal on screen
// still shows it.
//
// The rule, from first principles:
// - Everything the user types during a step is secret. There is no exception for confirmations:
//   a "y" is only an answer once Enter ends the line, and by then its echo has gone by; the log
//   loses one letter after a "[y/N]" prompt and the program's reply still says what was answered.
//   Enter itself and control keys carry nothing secret (their echo may stay in the log).
// - With echo on, the pty repeats every key in its output, but *behind whatever output was queued*
//   when the key arrived, and split up by the program's later writes. So the echo is looked for
//   wherever it can land, not only right after the keystroke:
//   - typed while the pty was quiet (a whole tick interval with no output while reading, and
//     nothing since), nothing was queued: the echo is the very next output, matched exactly (and
//     across chunk boundaries). If something else comes first, echo was off (a password prompt);
//     the text is then still removed if it turns up whole later (a program write that raced the key);
//   - typed while output was flowing (or reading was paused): the output is held back (BusyWindow)
//     until the echo shows up as one run, or until the pty has been quiet for a whole tick interval
//     after the key (then everything queued has been read); any character that can be the echo is
//     then removed from the held output, but only on evidence that the keys did echo: the held
//     output holds the typed pieces in order (a paste as one run, as the pty echoes it: its first
//     six characters at least). One character is no evidence: when several keys were typed and only
//     the first one's character turns up, and only after the next key was typed, it is the
//     program's (a reply to an echo-off prompt that shares a letter with the passphrase) and nothing
//     is removed.
// A tick is a timer turn of the event loop; an interval between two ticks with no output while
// the pty is read means every byte queued before it has been read, whatever the machine's load.
// The log may lose some of the program's characters that equal a typed one near a keystroke; it
// never keeps a run of typed ones. The one character it may keep: the first of several keys typed
// into a busy pty, echoed late, just before echo went off for the others.
import { ExactEcho } from './echo-exact';
import { BusyWindow } from './echo-window';

/** How often the step runner ticks the filter. */
export const ECHO_TICK_MS = 250;
/**
 * Output held back at most while typed keys may still echo: well above what a pty queues ahead of
 * an echo (Linux flip buffers and n_tty, the macOS output queue, one read of node-pty).
 */
export const ECHO_WINDOW_CHARS = 2 * 1024 * 1024;
/** Typed text beyond this is not matched as one echo (a big paste is not a passphrase). */
const MAX_EXACT_ECHO_CHARS = 64 * 1024;
/** Keys that send escape sequences (arrows, function keys, bracketed-paste marks) type no text. */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/gs;

export class EchoFilter {
  private ticks = 0;
  /** Whole intervals between two ticks in a row with nothing read while reading. */
  private cleanIntervals = 0;
  /** False until the first tick of a command: the time before it is no whole interval. */
  private intervalOpen = false;
  private outputSinceTick = false;
  private reading = true;
  private pausedSinceTick = false;
  /** Characters of output seen so far. */
  private volume = 0;
  private exact: ExactEcho | null = null;
  private readonly busy = new BusyWindow(ECHO_WINDOW_CHARS);
  /** Log text released outside filter() (by typed()), handed out with the next result. */
  private carry = '';

  /** Called with every piece of text written to the pty. */
  typed(data: string): void {
    const text = data.replace(ESCAPE_SEQUENCE, '');
    if (this.isQuiet() && !this.busy.open) {
      this.typedWhileQuiet(text);
      return;
    }
    this.busy.endPiece();
    for (const char of text) {
      if (char === '\r' || char === '\n') this.busy.typeEnter(this.ticks);
      else if (char === '\t') {
        // A tab may echo as spaces: a piece of its own.
        this.busy.endPiece();
        this.busy.type(char, this.ticks);
        this.busy.endPiece();
      } else if (isEchoedAsItself(char)) this.busy.type(char, this.ticks);
      // Control keys echo as "^C", "\b \b" and the like (or erase the line): the run breaks there.
      else this.busy.endPiece();
    }
  }

  /** Terminal output in (decoded text, any chunking); what may go to the log out. */
  filter(text: string): string {
    let out = this.takeCarry();
    if (text.length === 0) return out;
    this.outputSinceTick = true;
    let at = 0;
    while (at < text.length) {
      const skipTo = this.exact?.nextPossibleStart(text, at) ?? at;
      if (skipTo > at) {
        // A watch passes everything up to where its echo could start in one piece.
        this.volume += skipTo - at;
        out += this.passOn(text.slice(at, skipTo));
        at = skipTo;
      } else if (this.exact) {
        // Character by character while an exact echo may be under way.
        const width = (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
        this.volume += width;
        out += this.passOn(this.exactStage(text.slice(at, at + width)));
        at += width;
      } else if (this.busy.open) {
        const { released, next } = this.busy.push(text, at);
        this.volume += next - at;
        at = next;
        out += released;
        this.expectEnterEcho();
      } else {
        this.volume += text.length - at;
        out += text.slice(at);
        at = text.length;
      }
    }
    return out;
  }

  /** Called every ECHO_TICK_MS by a timer; returns output that may now go to the log. */
  tick(): string {
    const clean = this.intervalOpen && !this.outputSinceTick && !this.pausedSinceTick;
    this.intervalOpen = true;
    this.cleanIntervals = clean ? this.cleanIntervals + 1 : 0;
    this.ticks += 1;
    this.outputSinceTick = false;
    this.pausedSinceTick = !this.reading;
    let out = this.takeCarry();
    if (!clean) return out;
    // Keys typed before the tick that opened this clean interval have echoed by now, if at all.
    const settled = this.ticks - 2;
    if (this.exact && this.exact.tick <= settled) {
      out += this.passOn(this.exact.release());
      this.exact = null;
    }
    if (this.busy.open && this.busy.lastTick <= settled) out += this.busy.expire();
    return out;
  }

  /** Flow control paused (false) or resumed (true) reading the pty. */
  setReading(reading: boolean): void {
    this.reading = reading;
    if (!reading) this.pausedSinceTick = true;
  }

  /** The command ended (its pty is closed, all its output read): decide on everything held and start afresh. */
  flush(): string {
    let out = this.takeCarry();
    if (this.exact) {
      out += this.passOn(this.exact.release());
      this.exact = null;
    }
    if (this.busy.open) out += this.busy.expire();
    this.cleanIntervals = 0;
    this.intervalOpen = false;
    return out;
  }

  private isQuiet(): boolean {
    return this.cleanIntervals >= 1 && !this.outputSinceTick && this.reading;
  }

  private typedWhileQuiet(text: string): void {
    const echo = echoOf(text);
    if (echo.length === 0) return;
    if (this.exact?.untouched) {
      this.exact.extend(echo.slice(0, MAX_EXACT_ECHO_CHARS), this.ticks);
      return;
    }
    this.carry += this.passOn(this.exact?.release() ?? '');
    this.exact = new ExactEcho(echo.slice(0, MAX_EXACT_ECHO_CHARS), this.ticks, this.volume + ECHO_WINDOW_CHARS);
  }

  private exactStage(char: string): string {
    const exact = this.exact;
    if (!exact) return char;
    if (this.volume > exact.deadline) {
      this.exact = null;
      return exact.release() + char;
    }
    const passed = exact.push(char);
    if (exact.done) this.exact = null;
    return passed;
  }

  /** Text that passed the exact stage goes on to the busy window, or to the log when none is open. */
  private passOn(text: string): string {
    let out = '';
    let at = 0;
    while (at < text.length && this.busy.open) {
      const { released, next } = this.busy.push(text, at);
      at = next;
      out += released;
      if (this.expectEnterEcho()) {
        // The rest follows the closed window, so it meets the CR LF echo first.
        const enterEcho = this.exact;
        for (const char of text.slice(at)) out += enterEcho?.done ? char : (enterEcho?.push(char) ?? char);
        if (enterEcho?.done && this.exact === enterEcho) this.exact = null;
        return out;
      }
    }
    return out + text.slice(at);
  }

  /** A paste ended by Enter closed the window: its CR LF echo follows the run at once. */
  private expectEnterEcho(): boolean {
    if (!this.busy.closedBeforeEnterEcho || this.exact) return false;
    this.busy.closedBeforeEnterEcho = false;
    this.exact = new ExactEcho('\r\n', this.ticks, this.volume + 2);
    return true;
  }

  private takeCarry(): string {
    const carry = this.carry;
    this.carry = '';
    return carry;
  }
}

/**
 * What a pty in its default (cooked) mode echoes for typed text: printable text as is, Return and
 * newline as CR LF. Other control keys echo as "^C", "\b \b" and the like, which carry nothing of
 * what was typed, so no echo is expected for them.
 */
function echoOf(text: string): string {
  let echo = '';
  for (const char of text) {
    if (char === '\r' || char === '\n') echo += '\r\n';
    else if (isEchoedAsItself(char)) echo += char;
  }
  return echo;
}

function isEchoedAsItself(char: string): boolean {
  if (char === '\t') return true;
  const code = char.codePointAt(0) ?? 0;
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0);
}
