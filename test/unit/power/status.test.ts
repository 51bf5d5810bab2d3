import { describe, expect, it } from 'vitest';
import { PowerSettingsSchema, PowerStatusSchema } from '../../../src/core/api/power';
import { DEFAULT_SETTINGS, applySettingsPatch } from '../../../src/core/api/settings';
import { parseSettingsDocument } from '../../../src/core/store/settings-store';
import { buildPowerStatus } from '../../../src/core/power/status';

const KEEP_OFF = { mode: 'off' as const, until: null, holding: false };

describe('power status for status --json', () => {
  it('builds the documented object', () => {
    const status = buildPowerStatus({
      supported: true,
      sleep: { sleepTimerMin: 10, sleepDisabled: false, displaySleepMin: 5 },
      idleSec: 570.4,
      forecast: { kind: 'counting', secondsToSleep: 30 },
      battery: { onBattery: true, percent: 72, state: 'discharging' },
      keepAwake: KEEP_OFF,
    });
    expect(status).toEqual({ supported: true, sleepTimerMin: 10, idleSec: 570, secondsToSleep: 30, preventedBy: [], onBattery: true, keepAwake: KEEP_OFF });
    expect(PowerStatusSchema.parse(status)).toEqual(status);
  });

  it('lists what prevents sleep', () => {
    const status = buildPowerStatus({
      supported: true,
      sleep: { sleepTimerMin: 10, sleepDisabled: false, displaySleepMin: 5 },
      idleSec: 1,
      forecast: { kind: 'prevented', preventedBy: ['caffeinate', 'Music'] },
      battery: { onBattery: false, percent: null, state: null },
      keepAwake: { mode: 'until', until: 5, holding: true },
    });
    expect(status.preventedBy).toEqual(['caffeinate', 'Music']);
    expect(status.secondsToSleep).toBeNull();
  });

  it('says unsupported and nothing else where the commands do not exist', () => {
    const status = buildPowerStatus({
      supported: false,
      sleep: { sleepTimerMin: 10, sleepDisabled: null, displaySleepMin: null },
      idleSec: 4,
      forecast: { kind: 'counting', secondsToSleep: 3 },
      battery: { onBattery: true, percent: null, state: null },
      keepAwake: KEEP_OFF,
    });
    expect(status).toMatchObject({ supported: false, sleepTimerMin: null, idleSec: null, secondsToSleep: null, onBattery: null });
  });
});

describe('power settings', () => {
  it('default to a 60 s lead, keep-awake off and notifications on, with macOS tool paths', () => {
    expect(DEFAULT_SETTINGS.power).toEqual({ leadTimeSec: 60, keepAwake: 'off', notifySleepSoon: true });
    expect(DEFAULT_SETTINGS.monitor.paths).toMatchObject({ pmset: '/usr/bin/pmset', ioreg: '/usr/sbin/ioreg', caffeinate: '/usr/bin/caffeinate' });
  });

  it('patch one field and refuse invalid values', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, { power: { leadTimeSec: 120 } });
    expect(next.power).toEqual({ leadTimeSec: 120, keepAwake: 'off', notifySleepSoon: true });
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { power: { leadTimeSec: 1 } })).toThrow();
    expect(PowerSettingsSchema.safeParse({ keepAwake: 'until' }).success).toBe(false);
  });

  it('an older settings document without a power section loads with the defaults', () => {
    const parsed = parseSettingsDocument(JSON.stringify({ version: 1, launchAtLogin: true }));
    expect(parsed.ok && parsed.settings.power.leadTimeSec).toBe(60);
  });
});
