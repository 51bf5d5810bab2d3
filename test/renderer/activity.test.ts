// Activity reads newest first, and an event the core reported twice shows once.
import { describe, expect, it } from 'vitest';
import type { MonitorEvent } from '../../src/core/api/schemas';
import { activityList } from '../../src/renderer/src/activity';

const T0 = Date.parse('2026-03-01T10:00:00Z');

function event(at: number, message: string, kind: MonitorEvent['kind'] = 'device-lost'): MonitorEvent {
  return { at, kind, severity: 'warning', message, deviceKey: 'egpu-0' };
}

describe('activityList', () => {
  it('puts the newest event first whatever order the events came in', () => {
    const oldestFirst = [event(T0, 'a', 'device-connected'), event(T0 + 60_000, 'b'), event(T0 + 120_000, 'c', 'device-connected')];
    expect(activityList(oldestFirst).map((e) => e.message)).toEqual(['c', 'b', 'a']);
    // A live event prepended to a list that is already newest-first keeps that order.
    const live = [event(T0 + 180_000, 'd'), ...activityList(oldestFirst)];
    expect(activityList(live).map((e) => e.message)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('shows one line for an unplug reported twice within a few seconds', () => {
    const twice = [event(T0, 'eGPU disconnected'), event(T0 + 2_000, 'eGPU disconnected')];
    expect(activityList(twice)).toHaveLength(1);
    expect(activityList(twice)[0]?.at).toBe(T0 + 2_000);
  });

  it('keeps two real unplugs minutes apart, and different events at the same moment', () => {
    expect(activityList([event(T0, 'eGPU disconnected'), event(T0 + 5 * 60_000, 'eGPU disconnected')])).toHaveLength(2);
    expect(activityList([event(T0, 'eGPU disconnected'), event(T0, 'Driver not loaded', 'driver-state-changed')])).toHaveLength(2);
  });

  it('keeps at most the number asked for', () => {
    const many = Array.from({ length: 10 }, (_, i) => event(T0 + i * 60_000, `e${i}`));
    expect(activityList(many, 3).map((e) => e.message)).toEqual(['e9', 'e8', 'e7']);
  });
});
