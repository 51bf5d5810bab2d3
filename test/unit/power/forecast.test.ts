// The done-when cases: forecast and warning from recorded pmset/ioreg output.
import { describe, expect, it } from 'vitest';
import { forecastIdleSleep, ageForecast, type SleepForecast } from '../../../src/core/power/forecast';
import { planIdleCheck, NEAR_CHECK_MS, MAX_FAR_CHECK_MS } from '../../../src/core/power/idle-schedule';
import { parseHidIdleSeconds, parsePmsetAssertions, parsePmsetSettings } from '../../../src/core/power/parsers';
import { sleepSoonWarning } from '../../../src/core/power/sleep-warning';
import { powerFixture } from '../../fixtures/power/fixtures';

const NO_ASSERTIONS = parsePmsetAssertions(powerFixture('pmset-assertions-none.txt'));
const TIMER_10 = parsePmsetSettings(powerFixture('pmset-g-timer-10.txt'));
const NOW = Date.UTC(2026, 7, 16, 4, 2, 11);

function warn(forecast: SleepForecast, egpuAttached = true) {
  return sleepSoonWarning({ forecast, egpuAttached, egpuInUse: false, leadTimeSec: 60, now: NOW });
}

describe('idle-sleep forecast and the sleep-soon warning', () => {
  it('timer 10 min, idle 9 min 30 s → 30 s to sleep and hazard sleep-soon', () => {
    const forecast = forecastIdleSleep({ sleep: TIMER_10, assertions: NO_ASSERTIONS, idleSec: parseHidIdleSeconds(powerFixture('ioreg-hidsystem.txt')) });
    expect(forecast).toEqual({ kind: 'counting', secondsToSleep: 30 });
    const warning = warn(forecast);
    expect(warning?.secondsToSleep).toBe(30);
    expect(warning?.hazard).toMatchObject({ id: 'sleep-soon', severity: 'warning', title: 'Mac sleeps in 30 s' });
  });

  it('an assertion present → no warning, and preventedBy names the processes', () => {
    const forecast = forecastIdleSleep({ sleep: TIMER_10, assertions: parsePmsetAssertions(powerFixture('pmset-assertions-caffeinate-music.txt')), idleSec: 570 });
    expect(forecast).toEqual({ kind: 'prevented', preventedBy: ['caffeinate', 'Music'] });
    expect(warn(forecast)).toBeNull();
  });

  it('SleepDisabled 1 → no warning', () => {
    const forecast = forecastIdleSleep({ sleep: parsePmsetSettings(powerFixture('pmset-g-sleep-disabled.txt')), assertions: NO_ASSERTIONS, idleSec: 59 });
    expect(forecast.kind).toBe('prevented');
    expect(warn(forecast)).toBeNull();
  });

  it('timer 0 → never', () => {
    const forecast = forecastIdleSleep({ sleep: parsePmsetSettings(powerFixture('pmset-g-never.txt')), assertions: NO_ASSERTIONS, idleSec: 10_000 });
    expect(forecast).toEqual({ kind: 'never' });
    expect(warn(forecast)).toBeNull();
  });

  it('no eGPU → no warning', () => {
    expect(warn({ kind: 'counting', secondsToSleep: 30 }, false)).toBeNull();
  });

  it('garbage from pmset or ioreg → unknown, never a throw, no warning', () => {
    const forecast = forecastIdleSleep({ sleep: parsePmsetSettings('\x00\x01garbage'), assertions: parsePmsetAssertions('}{'), idleSec: parseHidIdleSeconds('nope') });
    expect(forecast).toEqual({ kind: 'unknown' });
    expect(forecastIdleSleep({ sleep: TIMER_10, assertions: NO_ASSERTIONS, idleSec: parseHidIdleSeconds('junk') })).toEqual({ kind: 'unknown' });
    expect(warn(forecast)).toBeNull();
  });

  it('display sleep does not count as system sleep', () => {
    // displaysleep 10 with a display-sleep assertion only: the system timer still counts.
    const forecast = forecastIdleSleep({ sleep: { ...TIMER_10, displaySleepMin: 1 }, assertions: NO_ASSERTIONS, idleSec: 300 });
    expect(forecast).toEqual({ kind: 'counting', secondsToSleep: 300 });
  });

  it('warns only inside the lead time', () => {
    expect(warn({ kind: 'counting', secondsToSleep: 61 })).toBeNull();
    expect(warn({ kind: 'counting', secondsToSleep: 60 })).not.toBeNull();
  });

  it('an aged forecast counts down with the clock', () => {
    expect(ageForecast({ kind: 'counting', secondsToSleep: 30 }, 12_000)).toEqual({ kind: 'counting', secondsToSleep: 18 });
    expect(ageForecast({ kind: 'counting', secondsToSleep: 5 }, 60_000)).toEqual({ kind: 'counting', secondsToSleep: 0 });
  });
});

describe('when to read idle time again', () => {
  it('does nothing at all without an eGPU', () => {
    expect(planIdleCheck({ kind: 'counting', secondsToSleep: 30 }, 60, false)).toBeNull();
  });

  it('far from the deadline, waits until shortly before the warning could be due', () => {
    // 10 min to sleep, lead 60 s, margin 15 s → next look in 525 s: nothing runs in between.
    expect(planIdleCheck({ kind: 'counting', secondsToSleep: 600 }, 60, true)).toEqual({ delayMs: 525_000, full: true });
    expect(planIdleCheck({ kind: 'counting', secondsToSleep: 3 * 3600 }, 60, true)?.delayMs).toBe(MAX_FAR_CHECK_MS);
  });

  it('near the deadline, looks every few seconds so the countdown is right', () => {
    expect(planIdleCheck({ kind: 'counting', secondsToSleep: 70 }, 60, true)).toEqual({ delayMs: NEAR_CHECK_MS, full: false });
    expect(planIdleCheck({ kind: 'counting', secondsToSleep: 0 }, 60, true)?.delayMs).toBe(NEAR_CHECK_MS);
  });

  it('a check at the planned time is at most one near-check late for the warning', () => {
    for (let s = 0; s <= 2000; s += 1) {
      const plan = planIdleCheck({ kind: 'counting', secondsToSleep: s }, 60, true);
      if (!plan) throw new Error('expected a plan');
      // Worst case the user never touches the Mac: sleep comes exactly s seconds from now.
      const dueInMs = Math.max(0, (s - 60) * 1000);
      expect(plan.delayMs).toBeLessThanOrEqual(dueInMs + NEAR_CHECK_MS);
    }
  });

  it('rare when sleep is prevented, disabled or unknown', () => {
    expect(planIdleCheck({ kind: 'prevented', preventedBy: ['Music'] }, 60, true)?.delayMs).toBeGreaterThanOrEqual(60_000);
    expect(planIdleCheck({ kind: 'never' }, 60, true)?.delayMs).toBeGreaterThanOrEqual(60_000);
    expect(planIdleCheck({ kind: 'unknown' }, 60, true)?.delayMs).toBeGreaterThanOrEqual(60_000);
  });
});

describe('when to read idle time again, while something prevents sleep', () => {
  it('rests until the timer could run out even if the assertion ended now', () => {
    const prevented = { kind: 'prevented' as const, preventedBy: ['Music'] };
    expect(planIdleCheck(prevented, 60, true, 600)).toEqual({ delayMs: 525_000, full: true });
    // Idle already past the timer: the Mac sleeps as soon as the assertion goes, so look every minute.
    expect(planIdleCheck(prevented, 60, true, -30)).toEqual({ delayMs: 60_000, full: true });
  });
});
