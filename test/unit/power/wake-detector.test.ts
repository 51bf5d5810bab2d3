import { describe, expect, it } from 'vitest';
import { isWakeJump, WakeDetector, WAKE_CHECK_MS } from '../../../src/core/power/wake-detector';

describe('wake detector (plain Node)', () => {
  it('sees a sleep as a wall-clock jump, not a slow timer', () => {
    expect(isWakeJump(0, WAKE_CHECK_MS + 1_000)).toBe(false);
    expect(isWakeJump(0, 10 * 60_000)).toBe(true);
  });

  it('runs its timer only while someone listens, and reports a jump once', () => {
    let now = 0;
    let tick: (() => void) | null = null;
    const detector = new WakeDetector({
      now: () => now,
      setTimeout: () => 0,
      setInterval: (fn) => {
        tick = fn;
        return 1;
      },
      cancel: () => {
        tick = null;
      },
    });
    let wakes = 0;
    const off = detector.onWake(() => wakes++);
    now += WAKE_CHECK_MS;
    tick!();
    expect(wakes).toBe(0);
    now += 3_600_000;
    tick!();
    now += WAKE_CHECK_MS;
    tick!();
    expect(wakes).toBe(1);
    off();
    expect(tick).toBeNull();
  });
});
