// The `power` object of `status --json` and the popover.
import type { AppPower, KeepAwakeMode, KeepAwakeStatus, PowerStatus } from '../api/power';
import { preventedByOf, secondsToSleepOf, type SleepForecast } from './forecast';
import type { BatteryInfo, SleepSettings } from '../ports';

export interface PowerStatusInput {
  supported: boolean;
  sleep: SleepSettings;
  idleSec: number | null;
  forecast: SleepForecast;
  battery: BatteryInfo;
  keepAwake: KeepAwakeStatus;
}

export function buildPowerStatus(input: PowerStatusInput): PowerStatus {
  if (!input.supported) {
    return { supported: false, sleepTimerMin: null, idleSec: null, secondsToSleep: null, preventedBy: [], onBattery: null, keepAwake: input.keepAwake };
  }
  return {
    supported: true,
    sleepTimerMin: input.sleep.sleepTimerMin,
    idleSec: input.idleSec === null ? null : Math.round(input.idleSec),
    secondsToSleep: secondsToSleepOf(input.forecast),
    preventedBy: preventedByOf(input.forecast),
    onBattery: input.battery.onBattery,
    keepAwake: input.keepAwake,
  };
}

/** The `power` object of `status --json`: the popover's power status, whole seconds; all unknown where there is none. */
export interface PowerJson {
  supported: boolean;
  sleepTimerMin: number | null;
  idleSec: number | null;
  secondsToSleep: number | null;
  preventedBy: string[];
  onBattery: boolean | null;
  keepAwake: { mode: KeepAwakeMode; until: number | null };
}

export function powerJson(power: AppPower | undefined): PowerJson {
  if (!power) return { supported: false, sleepTimerMin: null, idleSec: null, secondsToSleep: null, preventedBy: [], onBattery: null, keepAwake: { mode: 'off', until: null } };
  const { supported, sleepTimerMin, idleSec, secondsToSleep, preventedBy, onBattery, keepAwake } = power;
  return { supported, sleepTimerMin, idleSec, secondsToSleep: secondsToSleep === null ? null : Math.round(secondsToSleep), preventedBy, onBattery, keepAwake: { mode: keepAwake.mode, until: keepAwake.until } };
}
