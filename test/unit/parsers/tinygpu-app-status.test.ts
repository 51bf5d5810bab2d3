import { describe, expect, it } from 'vitest';
import { parseTinygpuAppStatus } from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const status = (file: string) => expectParsed(parseTinygpuAppStatus(probeFixture('tinygpu-app-status', file)));

describe('parseTinygpuAppStatus', () => {
  it('reads each state TinyGPU status prints', () => {
    expect(status('not-installed.txt')).toEqual({ state: 'not-installed', message: 'Driver extension not installed.' });
    expect(status('activating.txt')).toEqual({ state: 'activating', message: 'Extension is activating...' });
    expect(status('ready.txt')).toEqual({ state: 'ready', message: 'Extension is ready! Run tinygrad to use your eGPU.' });
    expect(status('ready-crlf.txt').state).toBe('ready');
  });

  it("keeps the app's approval instructions in the message", () => {
    const awaiting = status('awaiting-approval.txt');
    expect(awaiting.state).toBe('awaiting-approval');
    expect(awaiting.message).toContain('Login Items & Extensions > Driver Extensions');
  });

  it('fails on text it does not know', () => {
    expect(expectParseError(parseTinygpuAppStatus(probeFixture('tinygpu-app-status', 'usage.txt')))).toMatch(/Usage: TinyGPU/);
    expectParseError(parseTinygpuAppStatus(probeFixture('tinygpu-app-status', 'unknown.txt')));
    expect(expectParseError(parseTinygpuAppStatus('\n\n'))).toMatch(/printed nothing/);
  });
});
