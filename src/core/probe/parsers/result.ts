// Small helpers every parser uses to build a ParseResult and to stay throw-free.
import { displayText } from '../../api/display-text';
import type { ParseResult } from '../types';

export function parsed<T>(value: T, warnings: string[] = []): ParseResult<T> {
  return { ok: true, value, warnings };
}

export function parseError<T>(message: string, line?: number): ParseResult<T> {
  return { ok: false, error: line === undefined ? { kind: 'parse', message } : { kind: 'parse', message, line } };
}

/**
 * Wraps a parser so that a bug in it becomes a parse error instead of an exception:
 * a poll must never crash because one tool printed something surprising.
 */
export function neverThrow<A extends unknown[], T>(
  what: string,
  parse: (...args: A) => ParseResult<T>,
): (...args: A) => ParseResult<T> {
  return (...args: A) => {
    try {
      return parse(...args);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return parseError(`Could not read the output of ${what} (${oneLine(reason)}).`);
    }
  };
}

/** Shortens text for an error message: one line, printable, at most `max` characters. */
export function oneLine(text: string, max = 60): string {
  const flat = displayText(text);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The first non-blank line, quoted and shortened, to show a user what a tool printed instead. */
export function firstLineSnippet(text: string): string {
  const first = splitLines(text).find((line) => line.trim() !== '') ?? '';
  return `"${oneLine(first)}"`;
}

/** Splits on LF, CRLF or a lone CR and drops a byte-order mark. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}
