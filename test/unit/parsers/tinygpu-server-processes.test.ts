import { describe, expect, it } from 'vitest';
import { parseTinygpuServerProcesses } from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const read = (file: string) => expectParsed(parseTinygpuServerProcesses(probeFixture('ps', file)));

describe('parseTinygpuServerProcesses', () => {
  it('finds a running server and its socket', () => {
    expect(read('server-running.txt')).toEqual({
      running: true,
      socketPaths: ['/var/folders/x4/9c1r5gq12345_abcde/T/tinygpu.sock'],
    });
  });

  it('ignores the dext, other TinyGPU commands and a grep for the server', () => {
    expect(read('not-running.txt')).toEqual({ running: false, socketPaths: [] });
  });

  it('lists each socket once', () => {
    expect(read('two-servers.txt').socketPaths).toEqual([
      '/var/folders/x4/9c1r5gq12345_abcde/T/tinygpu.sock',
      '/Users/me/tmp/tinygpu.sock',
    ]);
  });

  it('reads empty output as not running and fails on an error message', () => {
    expect(expectParsed(parseTinygpuServerProcesses(''))).toEqual({ running: false, socketPaths: [] });
    expect(expectParseError(parseTinygpuServerProcesses(probeFixture('ps', 'garbage.txt')))).toMatch(/illegal option/);
  });
});
