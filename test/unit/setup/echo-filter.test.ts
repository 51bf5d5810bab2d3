import { describe, expect, it } from 'vitest';
import { EchoFilter } from '../../../src/core/setup/echo-filter';

describe('echo filter for step logs', () => {
  it('removes the echo of typed text, Return included, and keeps the program output around it', () => {
    const filter = new EchoFilter(() => 0);
    // Typed ahead, before the prompt: the echo comes first, split across reads.
    filter.typed('s3cret\r');
    expect(filter.filter('s3c') + filter.filter('ret\r\nPassword: ') + filter.filter('\r\nok\r\n')).toBe('Password: \r\nok\r\n');
  });

  it('keeps output that does not match what was typed', () => {
    const filter = new EchoFilter(() => 0);
    expect(filter.filter('Continue? [y/N] ')).toBe('Continue? [y/N] ');
    filter.typed('y\r');
    expect(filter.filter('y\r\nContinuing.\r\n')).toBe('Continuing.\r\n');
    expect(filter.filter('yes, really\r\n')).toBe('yes, really\r\n');
  });

  it('forgets typed text whose echo never came (echo was off)', () => {
    let now = 0;
    const filter = new EchoFilter(() => now, 1000);
    filter.typed('hidden\r');
    now = 5000;
    expect(filter.filter('hidden in the output\r\n')).toBe('hidden in the output\r\n');
  });

  it('expects no echo for control keys', () => {
    const filter = new EchoFilter(() => 0);
    filter.typed('a\x7fb');
    expect(filter.filter('ab')).toBe('');
  });

  it('stops expecting echo at the first other output: echo was off, and the program output stays whole', () => {
    const filter = new EchoFilter(() => 0);
    filter.typed('a-secret-with-characters\r');
    expect(filter.filter('\r\npassphrase-ok: got 24 characters\r\n')).toBe('\r\npassphrase-ok: got 24 characters\r\n');
  });
});
