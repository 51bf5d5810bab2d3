// The `power` object of `status --json` and the popover.
import type { KeepAwakeStatus, PowerStatus } from '../api/power';
import { preventedByOf, secondsToSleepOf, type SleepForecast } from './forecast';
import type { BatteryInfo, SleepSettings } from './port';

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
