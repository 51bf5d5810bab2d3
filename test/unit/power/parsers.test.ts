import { describe, expect, it } from 'vitest';
import { idleSleepPreventers, parseHidIdleSeconds, parsePmsetAssertions, parsePmsetBatt, parsePmsetSettings } from '../../../src/core/power/parsers';
import { powerFixture } from '../../fixtures/power/fixtures';

describe('pmset -g', () => {
  it('reads the sleep timer, not "Sleep On Power Button", and SleepDisabled', () => {
    expect(parsePmsetSettings(powerFixture('pmset-g-sleep-disabled.txt'))).toEqual({ sleepTimerMin: 1, sleepDisabled: true, displaySleepMin: 10 });
  });

  it('reads a 10 minute timer with SleepDisabled absent as not disabled', () => {
    expect(parsePmsetSettings(powerFixture('pmset-g-timer-10.txt'))).toEqual({ sleepTimerMin: 10, sleepDisabled: false, displaySleepMin: 10 });
  });

  it('reads timer 0 (never)', () => {
    expect(parsePmsetSettings(powerFixture('pmset-g-never.txt')).sleepTimerMin).toBe(0);
  });

  it('answers unknown for garbage', () => {
    expect(parsePmsetSettings('command not found\n')).toEqual({ sleepTimerMin: null, sleepDisabled: null, displaySleepMin: null });
    expect(parsePmsetSettings(' sleep 99999999999999999999\n').sleepTimerMin).toBeNull();
  });
});

describe('pmset -g assertions', () => {
  it('names the processes that prevent idle sleep', () => {
    const info = parsePmsetAssertions(powerFixture('pmset-assertions-caffeinate-music.txt'));
    expect(info.preventUserIdleSystemSleep).toBe(true);
    expect(info.preventSystemSleep).toBe(false);
    expect(info.assertions).toEqual([
      { pid: 3627, process: 'caffeinate', type: 'PreventUserIdleSystemSleep', name: 'CAFFEINATE COMMAND-LINE TOOL' },
      { pid: 500, process: 'Music', type: 'PreventUserIdleSystemSleep', name: 'com.apple.Music.playback' },
    ]);
    expect(idleSleepPreventers(info)).toEqual(['caffeinate', 'Music']);
  });

  it('does not count display-sleep assertions as preventing system sleep', () => {
    const info = parsePmsetAssertions(powerFixture('pmset-assertions-none.txt'));
    expect(info.preventUserIdleSystemSleep).toBe(false);
    expect(idleSleepPreventers(info)).toEqual([]);
  });

  it('answers unknown for garbage', () => {
    expect(parsePmsetAssertions('garbage\n pid x(y): z')).toEqual({ preventUserIdleSystemSleep: null, preventSystemSleep: null, assertions: [] });
  });
});

describe('pmset -g batt', () => {
  it('reads the power source, percent and state', () => {
    expect(parsePmsetBatt(powerFixture('pmset-batt-discharging.txt'))).toEqual({ onBattery: true, percent: 72, state: 'discharging' });
    expect(parsePmsetBatt(powerFixture('pmset-batt-charged.txt'))).toEqual({ onBattery: false, percent: 100, state: 'charged' });
    expect(parsePmsetBatt(powerFixture('pmset-batt-not-charging.txt'))).toEqual({ onBattery: false, percent: 80, state: 'AC attached' });
    expect(parsePmsetBatt(powerFixture('pmset-batt-desktop.txt'))).toEqual({ onBattery: false, percent: null, state: null });
  });

  it('answers unknown for garbage', () => {
    expect(parsePmsetBatt('¯\\_(ツ)_/¯')).toEqual({ onBattery: null, percent: null, state: null });
  });
});

describe('ioreg HIDIdleTime', () => {
  it('converts nanoseconds to seconds', () => {
    expect(parseHidIdleSeconds(powerFixture('ioreg-hidsystem.txt'))).toBe(570);
    expect(parseHidIdleSeconds(powerFixture('ioreg-hidsystem-short.txt'))).toBeCloseTo(68.13, 2);
  });

  it('answers unknown for garbage and absurd values', () => {
    expect(parseHidIdleSeconds('"HIDIdleTime" = -5')).toBeNull();
    expect(parseHidIdleSeconds('"HIDIdleTime" = 9999999999999999999999')).toBeNull();
    expect(parseHidIdleSeconds('')).toBeNull();
  });
});
