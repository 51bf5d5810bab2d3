import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import { driverLogSection, summarizeDriverLog } from '../../../src/core/probe/driver-log';
import { probeFixture, probeFixturePath } from '../../fixtures/probe/fixtures';
import { fakeTool, fakeToolDir } from './fake-tools';

describe('the TinyGPU driver log in diagnostics', () => {
  it('picks out the devices the driver opened and its Open() failures', () => {
    const summary = summarizeDriverLog(probeFixture('log-show', 'tinygpu-compact.txt'));
    expect(summary.openedDevices).toEqual([{ vendorId: '0x10de', deviceId: '0x2684' }]);
    expect(summary.openFailures).toEqual(['0xe00002c0']);
    expect(summary.lines).toHaveLength(6);
  });

  it('prints the section with the log lines and what "Driver not available" means', async () => {
    const dir = fakeToolDir();
    const log = fakeTool(dir, 'log', probeFixturePath('log-show', 'tinygpu-compact.txt'));
    const monitor = { ...DEFAULT_SETTINGS.monitor, paths: { ...DEFAULT_SETTINGS.monitor.paths, log } };
    const text = (await driverLogSection(monitor)).join('\n');
    expect(text).toContain('The driver opened: ven=0x10de dev=0x2684.');
    expect(text).toContain('Open() failed 1× (last code 0xe00002c0).');
    expect(text).toContain('tinygpu: service started tinygpu');
    expect(text).toMatch(/RPC failed: Driver not available/);
  });

  it('says so when the log tool is missing', async () => {
    const monitor = { ...DEFAULT_SETTINGS.monitor, paths: { ...DEFAULT_SETTINGS.monitor.paths, log: path.join(fakeToolDir(), 'no-log') } };
    expect((await driverLogSection(monitor)).join('\n')).toMatch(/is not available on this machine/);
  });
});
