import { describe, expect, it } from 'vitest';
import { compareAfterWake, onBatteryHazard, recordBeforeSleep, type EgpuContext } from '../../../src/core/power/around-sleep';
import { preventedByLine, sleepCountdownTitle, sleepSoonNotification, formatCountdown } from '../../../src/core/power/sleep-warning';

const RTX: EgpuContext = {
  devices: [{ key: 'nvidia:2684:0', name: 'RTX 4090', link: 'Thunderbolt 4 · x4 Gen3' }],
  driverReady: true,
  users: ['python3 (pid 4242)'],
};

describe('around sleep', () => {
  it('records nothing without an eGPU', () => {
    expect(recordBeforeSleep({ devices: [], driverReady: true, users: [] }, 1)).toBeNull();
  });

  it('same device, same link, driver ready → a quiet "eGPU is back"', () => {
    const record = recordBeforeSleep(RTX, 1);
    if (!record) throw new Error('expected a record');
    expect(compareAfterWake(record, { ...RTX, users: [] })).toEqual([
      { severity: 'info', outcome: 'back', message: 'RTX 4090 is back after sleep.', deviceKey: 'nvidia:2684:0' },
    ]);
  });

  it('missing after wake → critical, naming what ran before sleep', () => {
    const record = recordBeforeSleep(RTX, 1);
    if (!record) throw new Error('expected a record');
    const [result] = compareAfterWake(record, { devices: [], driverReady: null, users: [] });
    expect(result?.severity).toBe('critical');
    expect(result?.outcome).toBe('missing');
    expect(result?.message).toContain('did not come back');
    expect(result?.message).toContain('python3 (pid 4242)');
  });

  it('a changed link or a driver not ready → critical', () => {
    const record = recordBeforeSleep(RTX, 1);
    if (!record) throw new Error('expected a record');
    const slower = { ...RTX, devices: [{ ...RTX.devices[0]!, link: 'USB4 · x1 Gen1' }] };
    expect(compareAfterWake(record, slower)[0]).toMatchObject({ severity: 'critical', outcome: 'link-changed' });
    expect(compareAfterWake(record, { ...RTX, driverReady: false })[0]).toMatchObject({ severity: 'critical', outcome: 'driver-not-ready' });
  });

  it('on battery with an eGPU → info hazard that the enclosure must stay powered', () => {
    expect(onBatteryHazard(true, true, 5)).toMatchObject({ id: 'power-on-battery', severity: 'info' });
    expect(onBatteryHazard(true, true, 5)?.why).toContain('keep it powered');
    expect(onBatteryHazard(false, true, 5)).toBeNull();
    expect(onBatteryHazard(true, false, 5)).toBeNull();
    expect(onBatteryHazard(true, null, 5)).toBeNull();
  });
});

describe('warning texts', () => {
  it('offers the three notification actions', () => {
    const n = sleepSoonNotification({
      secondsToSleep: 42,
      hazard: { id: 'sleep-soon', severity: 'warning', title: 'Mac sleeps in 42 s', why: '', actions: [], since: 0 },
    });
    expect(n.actions.map((a) => a.label)).toEqual(['Keep awake while the eGPU is attached', 'Keep awake for 1 hour', 'Let it sleep']);
    expect(n.secondsToSleep).toBe(42);
  });

  it('says what prevents sleep', () => {
    expect(preventedByLine(['caffeinate', 'Music'])).toBe('Sleep prevented by caffeinate, Music');
    expect(preventedByLine([])).toBeNull();
  });

  it('puts the countdown in the tray title only while the warning shows', () => {
    expect(sleepCountdownTitle(42, true)).toBe('Sleep 42 s');
    expect(sleepCountdownTitle(42, false)).toBeNull();
    expect(sleepCountdownTitle(null, true)).toBeNull();
  });

  it('formats the countdown', () => {
    expect(formatCountdown(42)).toBe('42 s');
    expect(formatCountdown(125)).toBe('2:05');
    expect(formatCountdown(-3)).toBe('0 s');
  });
});
