// Keep awake: exactly one holder at a time, released on every exit path.
import { describe, expect, it } from 'vitest';
import { KeepAwakeController, wantsHold, type KeepAwakeConditions } from '../../../src/core/power/keep-awake';
import { nullLogger } from '../../../src/core/platform/logger';
import type { AwakeHold } from '../../../src/core/ports';

function countingHolds() {
  let live = 0;
  let started = 0;
  let maxLive = 0;
  const hold = (): AwakeHold => {
    live += 1;
    started += 1;
    maxLive = Math.max(maxLive, live);
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        live -= 1;
      },
    };
  };
  return { hold, live: () => live, started: () => started, maxLive: () => maxLive };
}

const attached = (now = 0): KeepAwakeConditions => ({ egpuAttached: true, egpuInUse: false, now });
const detached = (now = 0): KeepAwakeConditions => ({ egpuAttached: false, egpuInUse: false, now });

describe('wantsHold', () => {
  it('follows the mode', () => {
    expect(wantsHold('off', null, attached())).toBe(false);
    expect(wantsHold('while-attached', null, attached())).toBe(true);
    expect(wantsHold('while-attached', null, detached())).toBe(false);
    expect(wantsHold('while-in-use', null, attached())).toBe(false);
    expect(wantsHold('while-in-use', null, { egpuAttached: true, egpuInUse: true, now: 0 })).toBe(true);
    expect(wantsHold('until', 100, attached(99))).toBe(true);
    expect(wantsHold('until', 100, attached(100))).toBe(false);
  });
});

describe('KeepAwakeController', () => {
  it('holds once while attached and releases when the eGPU leaves', () => {
    const h = countingHolds();
    const c = new KeepAwakeController(h.hold, nullLogger);
    c.setMode('while-attached', null, attached());
    c.evaluate(attached(1));
    c.evaluate(attached(2));
    expect(h.started()).toBe(1);
    expect(c.status()).toEqual({ mode: 'while-attached', until: null, holding: true });
    c.evaluate(detached(3));
    expect(h.live()).toBe(0);
    expect(c.status().holding).toBe(false);
  });

  it('releases the old holder before a mode change starts a new one', () => {
    const h = countingHolds();
    const c = new KeepAwakeController(h.hold, nullLogger);
    c.setMode('while-attached', null, attached());
    c.setMode('until', 10_000, attached(1));
    expect(h.maxLive()).toBe(1);
    expect(h.live()).toBe(1);
    c.setMode('off', null, attached(2));
    expect(h.live()).toBe(0);
  });

  it('"for a set time" ends by itself and falls back to off', () => {
    const h = countingHolds();
    const c = new KeepAwakeController(h.hold, nullLogger);
    c.setMode('until', 3_600_000, detached(0));
    expect(c.deadline()).toBe(3_600_000);
    expect(h.live()).toBe(1);
    c.evaluate(detached(3_600_000));
    expect(h.live()).toBe(0);
    expect(c.status()).toEqual({ mode: 'off', until: null, holding: false });
  });

  it('releases on quit', () => {
    const h = countingHolds();
    const c = new KeepAwakeController(h.hold, nullLogger);
    c.setMode('while-in-use', null, { egpuAttached: true, egpuInUse: true, now: 0 });
    expect(h.live()).toBe(1);
    c.dispose();
    expect(h.live()).toBe(0);
  });

  it('says so when the host cannot hold, and tries again on the next evaluation', () => {
    let calls = 0;
    const c = new KeepAwakeController(() => {
      calls += 1;
      return null;
    }, nullLogger);
    c.setMode('while-attached', null, attached());
    expect(c.status().holding).toBe(false);
    c.evaluate(attached(1));
    expect(calls).toBe(2);
  });
});
