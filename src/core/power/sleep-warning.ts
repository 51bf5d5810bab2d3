// The rule: an eGPU attached (or in use) and idle sleep closer than the lead time → hazard
// `sleep-soon`, plus the notification data the shell renders.
import { SLEEP_SOON_HAZARD_ID, SleepNotificationActionIdSchema, type SleepNotification } from '../api/power';
import { POWER_WORDS } from '../api/present';
import type { Hazard } from '../api/schemas';
import type { SleepForecast } from './forecast';

export interface SleepWarningInput {
  forecast: SleepForecast;
  egpuAttached: boolean;
  egpuInUse: boolean;
  leadTimeSec: number;
  now: number;
}

export interface SleepWarning {
  hazard: Hazard;
  secondsToSleep: number;
}

export function sleepSoonWarning(input: SleepWarningInput): SleepWarning | null {
  const { forecast } = input;
  if (!input.egpuAttached && !input.egpuInUse) return null;
  if (forecast.kind !== 'counting' || forecast.secondsToSleep > input.leadTimeSec) return null;
  // Under a second left is the Mac going to sleep, not a warning anyone can act on ("Mac sleeps in 0 s").
  if (forecast.secondsToSleep < 1) return null;
  const seconds = forecast.secondsToSleep;
  return {
    secondsToSleep: seconds,
    hazard: {
      id: SLEEP_SOON_HAZARD_ID,
      severity: 'warning',
      title: `Mac sleeps in ${formatCountdown(seconds)}`,
      why:
        (input.egpuInUse ? 'The eGPU is in use. ' : 'An eGPU is attached. ') +
        'The driver does not reliably bring an eGPU back after sleep; it can need an enclosure power-cycle. ' +
        'Move the mouse or keep the Mac awake. Closing the lid sleeps the Mac regardless.',
      actions: [{ kind: 'dismiss', label: POWER_WORDS.sleepSoonActions['let-it-sleep'] }],
      since: input.now,
    },
  };
}

export function sleepSoonNotification(warning: SleepWarning): SleepNotification {
  return {
    id: SLEEP_SOON_HAZARD_ID,
    title: warning.hazard.title,
    body: 'Sleep with an eGPU attached may leave it unusable until the enclosure is power-cycled.',
    secondsToSleep: warning.secondsToSleep,
    actions: SleepNotificationActionIdSchema.options.map((id) => ({ id, label: POWER_WORDS.sleepSoonActions[id] })),
  };
}

/** "Sleep prevented by caffeinate, Music" — for the popover when no warning is due. */
export function preventedByLine(preventedBy: readonly string[]): string | null {
  return preventedBy.length > 0 ? `Sleep prevented by ${preventedBy.join(', ')}` : null;
}

/** "45 s", "2:05". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The tray title while the warning shows ("Sleep 0:42"); null = no title. */
export function sleepCountdownTitle(secondsToSleep: number | null, warningShown: boolean): string | null {
  return warningShown && secondsToSleep !== null ? `Sleep ${formatCountdown(secondsToSleep)}` : null;
}
