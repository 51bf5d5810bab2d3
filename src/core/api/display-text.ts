// Text from tools and servers, made fit to show a person: no control characters (a terminal's colour
// codes, NULs, a stray carriage return), no U+FFFD replacement characters from bytes that were not
// UTF-8, no bidi overrides that reorder what is read. The raw bytes stay in diagnostics; only what a
// view, a notification or a one-line error shows goes through here. Renderer-safe (no Node modules).

/** ANSI escape sequences (CSI, OSC and two-byte forms): whole, so their parameters do not remain. */
// eslint-disable-next-line no-control-regex -- finding escape sequences is the point
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
/** C0/C1 controls (tab and newline included: shown text is one flow), DEL, replacement and bidi controls. */
const UNSHOWABLE = /[\p{Cc}\uFFFD\u202A-\u202E\u2066-\u2069]+/gu;
/** Lone surrogates, which render as boxes. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of showable text: unshowable characters become a space, runs of spaces one. */
export function displayText(text: string): string {
  return text.replace(ANSI_SEQUENCE, ' ').replace(LONE_SURROGATE, ' ').replace(UNSHOWABLE, ' ').replace(/\s+/g, ' ').trim();
}

/** Like displayText, but keeps line breaks (a log shown as lines). */
export function displayLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(displayText)
    .join('\n');
}
