// Assertions shared by the parser tests.
import { expect } from 'vitest';
import type { ParseResult } from '../../../src/core/probe/types';

/** Asserts a successful parse and returns its value. */
export function expectParsed<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected a successful parse, got: ${result.error.message}`);
  return result.value;
}

/** Asserts a failed parse whose message is one readable line, and returns that message. */
export function expectParseError<T>(result: ParseResult<T>): string {
  if (result.ok) throw new Error(`expected a parse error, got: ${JSON.stringify(result.value)}`);
  expect(result.error.kind).toBe('parse');
  expect(result.error.message).not.toMatch(/[\r\n]/);
  expect(result.error.message.length).toBeGreaterThan(10);
  return result.error.message;
}
