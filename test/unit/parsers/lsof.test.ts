import { describe, expect, it } from 'vitest';
import { parseLsofFields } from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';

const holders = (file: string) => {
  const result = parseLsofFields(probeFixture('lsof', file));
  return result.ok ? result.value : result.error;
};

describe('parseLsofFields (lsof -F pc)', () => {
  it('names the process holding the GPU lock', () => {
    expect(holders('one-holder.txt')).toEqual([{ pid: 4242, command: 'python3' }]);
  });

  it('lists each process once', () => {
    expect(holders('two-holders.txt')).toEqual([
      { pid: 4242, command: 'python3.12' },
      { pid: 977, command: 'TinyGPU' },
    ]);
  });

  it('reads no output as nobody holding the lock', () => {
    expect(holders('no-holder.txt')).toEqual([]);
  });
});
