// When will the Mac idle-sleep? sleep timer − idle time, unless something prevents idle sleep.
// Display sleep is not system sleep; closing the lid sleeps regardless of all this.
import { idleSleepPreventers } from './parsers';
import type { AssertionsInfo, SleepSettings } from '../ports';

export type SleepForecast =
  /** Not enough is known to say. */
  | { kind: 'unknown' }
  /** Timer 0: the Mac never idle-sleeps. */
  | { kind: 'never' }
  /** An assertion or SleepDisabled keeps it awake; `preventedBy` says which. */
  | { kind: 'prevented'; preventedBy: string[] }
  | { kind: 'counting'; secondsToSleep: number };

export interface ForecastInput {
  sleep: SleepSettings;
  assertions: AssertionsInfo;
  idleSec: number | null;
}

export const SLEEP_DISABLED_LABEL = 'SleepDisabled';

export function forecastIdleSleep({ sleep, assertions, idleSec }: ForecastInput): SleepForecast {
  if (sleep.sleepDisabled === true) return { kind: 'prevented', preventedBy: [SLEEP_DISABLED_LABEL, ...idleSleepPreventers(assertions)] };
  if (sleep.sleepTimerMin === 0) return { kind: 'never' };
  const preventers = idleSleepPreventers(assertions);
  if (assertions.preventUserIdleSystemSleep === true || assertions.preventSystemSleep === true || preventers.length > 0) {
    return { kind: 'prevented', preventedBy: preventers.length > 0 ? preventers : ['an unnamed process'] };
  }
  if (sleep.sleepTimerMin === null || idleSec === null || assertions.preventUserIdleSystemSleep === null) return { kind: 'unknown' };
  return { kind: 'counting', secondsToSleep: Math.max(0, Math.round(sleep.sleepTimerMin * 60 - idleSec)) };
}

/** Idle time only grows one second per second, so a forecast made `elapsedMs` ago is still a lower bound. */
export function ageForecast(forecast: SleepForecast, elapsedMs: number): SleepForecast {
  if (forecast.kind !== 'counting') return forecast;
  return { kind: 'counting', secondsToSleep: Math.max(0, Math.round(forecast.secondsToSleep - elapsedMs / 1000)) };
}

export function secondsToSleepOf(forecast: SleepForecast): number | null {
  return forecast.kind === 'counting' ? forecast.secondsToSleep : null;
}

export function preventedByOf(forecast: SleepForecast): string[] {
  return forecast.kind === 'prevented' ? forecast.preventedBy : [];
}
