// The Power line `status` prints, from the same power object the popover's power row reads.
import { describe, expect, it } from 'vitest';
import type { AppPower } from '../../../src/core/api/power';
import { statusText } from '../../../src/cli/status-report';
import { appState, device } from '../../builders/app-state';

const power = (overrides: Partial<AppPower> = {}): AppPower => ({
  supported: true,
  sleepTimerMin: 10,
  idleSec: 570,
  secondsToSleep: 30,
  preventedBy: [],
  onBattery: false,
  keepAwake: { mode: 'off', until: null, holding: false },
  preventedLine: null,
  at: 0,
  warning: true,
  ...overrides,
});

const powerLines = (state: Parameters<typeof statusText>[0]) => statusText(state).split('\n').filter((line) => line.startsWith('Power'));

describe('the Power line of status', () => {
  it('counts down to sleep and says the eGPU is attached', () => {
    expect(powerLines(appState({ devices: [device()], power: power() }))).toEqual(['Power: Mac sleeps in 0:30 — eGPU attached']);
    expect(powerLines(appState({ devices: [], power: power({ secondsToSleep: 125, warning: false }) }))).toEqual(['Power: Mac sleeps in 2:05']);
  });

  it('says what prevents sleep, or that none is coming', () => {
    const prevented = power({ secondsToSleep: null, warning: false, preventedBy: ['caffeinate'], preventedLine: 'Sleep prevented by caffeinate' });
    expect(powerLines(appState({ devices: [device()], power: prevented }))).toEqual(['Power: Sleep prevented by caffeinate']);
    expect(powerLines(appState({ power: power({ secondsToSleep: null, warning: false, sleepTimerMin: 0 }) }))).toEqual(['Power: No idle sleep coming']);
  });

  it('prints no Power line where the power features are not available, as the popover hides its row', () => {
    expect(powerLines(appState({ power: power({ supported: false }) }))).toEqual([]);
    expect(powerLines(appState({}))).toEqual([]);
  });
});
