// The tray menu's keep-awake choice and prepare to unplug.
import { describe, expect, it } from 'vitest';
import type { KeepAwakeMode } from '../../../src/core/api/power';
import { trayPowerItems } from '../../../src/main/tray-power-menu';
import { SAMPLE_STATE } from '../../fakes/fake-api';

const POWERED = {
  ...SAMPLE_STATE,
  power: {
    supported: true,
    sleepTimerMin: 10,
    idleSec: 5,
    secondsToSleep: 595,
    preventedBy: [],
    onBattery: false,
    keepAwake: { mode: 'while-in-use' as const, until: null, holding: false },
    preventedLine: null,
    at: 0,
    warning: false,
  },
};

describe('tray power items', () => {
  it('offers the keep-awake modes with the current one checked, and prepare to unplug', () => {
    const chosen: KeepAwakeMode[] = [];
    let unplug = 0;
    const items = trayPowerItems(POWERED, { setKeepAwake: (mode) => chosen.push(mode), prepareUnplug: () => void (unplug += 1) });
    const keepAwake = items.find((item) => item.id === 'keep-awake');
    const modes = Array.isArray(keepAwake?.submenu) ? keepAwake.submenu : [];
    expect(modes.map((item) => [item.label, item.checked])).toEqual([
      ['Off', false],
      ['While attached', false],
      ['While in use', true],
      ['For 1 hour', false],
    ]);
    modes[3]?.click?.({} as never, undefined, {} as never);
    items.find((item) => item.id === 'prepare-unplug')?.click?.({} as never, undefined, {} as never);
    expect(chosen).toEqual(['until']);
    expect(unplug).toBe(1);
  });

  it('has no items where the power features are unsupported', () => {
    expect(trayPowerItems(SAMPLE_STATE, { setKeepAwake: () => undefined, prepareUnplug: () => undefined })).toEqual([]);
  });
});
