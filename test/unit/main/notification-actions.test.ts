// The sleep warning's notification buttons: index → the closed-set action the core accepts.
import { describe, expect, it } from 'vitest';
import { sleepSoonNotification } from '../../../src/core/power/sleep-warning';
import { actionIndexOf, electronButtons, notificationActionAt } from '../../../src/main/notification-actions';

const { actions } = sleepSoonNotification({ secondsToSleep: 42, hazard: { id: 'sleep-soon', severity: 'warning', title: 'Mac sleeps in 42 s', why: '', actions: [], since: 0 } });

describe('notification actions', () => {
  it('offers the three choices as buttons, in order', () => {
    expect(electronButtons(actions).map((b) => b.text)).toEqual(['Keep awake while the eGPU is attached', 'Keep awake for 1 hour', 'Let it sleep']);
    expect(electronButtons(undefined)).toEqual([]);
  });

  it('maps each button index to its action, and anything else to nothing', () => {
    expect([0, 1, 2].map((i) => notificationActionAt(actions, i))).toEqual(['keep-awake-while-attached', 'keep-awake-1h', 'let-it-sleep']);
    for (const bad of [3, -1, 1.5, Number.NaN, '0', null, undefined]) expect(notificationActionAt(actions, bad)).toBeNull();
    expect(notificationActionAt(undefined, 0)).toBeNull();
  });

  it('reads the index from either shape of Electron\'s action event', () => {
    expect(actionIndexOf({ actionIndex: 2, selectionIndex: -1 }, 2)).toBe(2);
    expect(actionIndexOf({}, 1)).toBe(1);
    expect(actionIndexOf(0, undefined)).toBe(0);
    expect(actionIndexOf({ actionIndex: 'x' }, undefined)).toBeNull();
  });
});
