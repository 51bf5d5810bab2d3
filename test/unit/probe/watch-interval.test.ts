import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args';
import { parseInterval } from '../../../src/cli/watch';

describe('watch --interval', () => {
  it('takes seconds within the settings range', () => {
    expect(parseInterval('5')).toBe(5);
    expect(parseInterval('0.5')).toBe(0.5);
    expect(parseInterval(undefined)).toBeNull();
  });

  it('refuses values outside it with a usage error', () => {
    for (const bad of ['0', '61', 'fast', '-2', '']) expect(() => parseInterval(bad)).toThrow(UsageError);
  });
});
