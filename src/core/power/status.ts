// The `power` object of `status --json` and the popover.
import type { KeepAwakeStatus, PowerStatus } from '../api/power';
import { forecastIdleSleep, preventedByOf, secondsToSleepOf, type SleepForecast } from './forecast';
import type { BatteryInfo, PowerPort, SleepSettings } from '../ports';

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

/** One reading, as `status --json` prints it: no timers, no hold. */
export async function readPowerStatus(port: PowerPort, keepAwake: KeepAwakeStatus): Promise<PowerStatus> {
  const [sleep, assertions, battery, idleSec] = await Promise.all([port.readSleepSettings(), port.readAssertions(), port.readBattery(), port.idleSeconds()]);
  const forecast = forecastIdleSleep({ sleep, assertions, idleSec });
  return buildPowerStatus({ supported: port.supported, sleep, idleSec, forecast, battery, keepAwake });
}
