// The sleep countdown never shows a zero: no "Mac sleeps in 0 s" warning or event, no "0:00" on screen.
import { describe, expect, it } from 'vitest';
import { sleepCountdownLine } from '../../../src/core/api/present';
import { sleepSoonWarning } from '../../../src/core/power/sleep-warning';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const warn = (secondsToSleep: number) =>
  sleepSoonWarning({ forecast: { kind: 'counting', secondsToSleep }, egpuAttached: true, egpuInUse: false, leadTimeSec: 60, now: NOW });

describe('the sleep countdown', () => {
  it('raises no warning (and so logs no event) once the Mac is going to sleep', () => {
    expect(warn(0)).toBeNull();
    expect(warn(0.4)).toBeNull();
    expect(warn(1)?.hazard.title).toBe('Mac sleeps in 1 s');
    expect(warn(42)?.hazard.title).toBe('Mac sleeps in 42 s');
  });

  it('counts down to 0:01, then says the Mac is going to sleep', () => {
    expect(sleepCountdownLine(42)).toBe('Mac sleeps in 0:42');
    expect(sleepCountdownLine(1)).toBe('Mac sleeps in 0:01');
    expect(sleepCountdownLine(0.3)).toBe('Mac is going to sleep');
    expect(sleepCountdownLine(0)).toBe('Mac is going to sleep');
    for (let s = 0; s < 90; s += 0.25) expect(sleepCountdownLine(s)).not.toContain('0:00');
  });
});
