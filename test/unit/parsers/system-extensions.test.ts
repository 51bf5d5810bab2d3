import { describe, expect, it } from 'vitest';
import { parseSystemExtensions } from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const read = (file: string) => expectParsed(parseSystemExtensions(probeFixture('systemextensionsctl', file)));

describe('parseSystemExtensions', () => {
  it('reads an enabled TinyGPU extension and its version', () => {
    const { state, version, rows } = read('ready.txt');
    expect(state).toBe('ready');
    expect(version).toBe('1.0.0');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({
      category: 'com.apple.system_extension.driver_extension',
      enabled: true,
      active: true,
      teamId: '9YG3G8543N',
      bundleId: 'org.tinygrad.tinygpu.driver2',
      version: '1.0.0',
      build: '3',
      name: 'org.tinygrad.tinygpu.driver2',
      state: 'activated enabled',
      driverState: 'ready',
    });
    expect(read('ready-crlf.txt').state).toBe('ready');
  });

  it('reads awaiting approval and the empty active column', () => {
    const { state, rows } = read('awaiting-approval.txt');
    expect(state).toBe('awaiting-approval');
    expect(rows[0]).toMatchObject({ enabled: true, active: false, state: 'activated waiting for user' });
  });

  it('reads a lone terminated row as waiting to uninstall', () => {
    expect(read('waiting-to-uninstall.txt')).toMatchObject({ state: 'waiting-to-uninstall', version: '1.0.0' });
  });

  it('prefers the active row over a stale terminated row listed first', () => {
    const result = parseSystemExtensions(probeFixture('systemextensionsctl', 'stale-terminated-then-active.txt'));
    expect(expectParsed(result)).toMatchObject({ state: 'ready', version: '1.0.0' });
    expect(result.ok && result.warnings.join(' ')).toMatch(/stale/);
    expect(expectParsed(result).rows.map((row) => row.build)).toEqual(['2', '3']);
  });

  it('reads [activated disabled] as switched off by the user, not activating', () => {
    expect(read('unknown-state.txt').state).toBe('disabled');
  });

  it('treats unknown brackets as transitional', () => {
    expect(read('staged.txt').state).toBe('activating');
  });

  it('reports not-installed when no TinyGPU row exists', () => {
    expect(read('not-installed.txt')).toMatchObject({ state: 'not-installed', version: null });
    expect(read('prolific-sample.txt').rows[0]).toMatchObject({ bundleId: 'com.prolific.cdc.PLCdcFSDriver', version: '1.0', build: '1' });
    expect(read('none.txt')).toEqual({ state: 'not-installed', version: null, rows: [] });
  });

  it('reads older section lines, several categories and space-separated pastes', () => {
    expect(read('older-macos.txt').state).toBe('ready');
    const categories = read('two-categories.txt');
    expect(categories.state).toBe('ready');
    expect(categories.rows.map((row) => row.category)).toEqual([
      'com.apple.system_extension.network_extension',
      'com.apple.system_extension.driver_extension',
    ]);
    expect(read('spaces.txt')).toMatchObject({ state: 'ready', version: '1.0.0' });
    expect(read('spaces.txt').rows[0]).toMatchObject({ enabled: true, active: true, teamId: '9YG3G8543N' });
    expect(read('spaces-awaiting.txt').state).toBe('awaiting-approval');
    expect(read('user-quoted-row.txt')).toMatchObject({ state: 'ready', version: '1.0.0' });
  });

  it('matches other bundle ids when asked', () => {
    const result = parseSystemExtensions(probeFixture('systemextensionsctl', 'prolific-sample.txt'), 'com.prolific');
    expect(expectParsed(result).state).toBe('ready');
  });

  it('fails on output that is not an extension list', () => {
    expect(expectParseError(parseSystemExtensions(probeFixture('systemextensionsctl', 'garbage.txt')))).toMatch(/Permission denied/);
    expectParseError(parseSystemExtensions(''));
  });
});
