// When to look at idle time again. Far from the deadline: one check shortly before the earliest
// moment sleep could come (idle grows at most 1 s per second; input only pushes sleep later), so
// the Mac runs no processes in between. Near it: every few seconds, so the countdown stays right.
import type { SleepForecast } from './forecast';

export interface IdleCheckPlan {
  delayMs: number;
  /** Re-read pmset settings and assertions too, not only idle time. */
  full: boolean;
}

export const NEAR_CHECK_MS = 2_000;
/** Start checking often this long before the warning is due. */
export const NEAR_MARGIN_SEC = 15;
export const PREVENTED_CHECK_MS = 60_000;
export const UNKNOWN_CHECK_MS = 60_000;
export const NEVER_CHECK_MS = 5 * 60_000;
export const MAX_FAR_CHECK_MS = 10 * 60_000;
const MIN_FAR_CHECK_MS = 5_000;

/**
 * null = nothing to watch (no eGPU): no timer at all. `secondsToTimer` (sleep timer − idle, ignoring
 * assertions) lets a prevented Mac rest too: even if the assertion ended now, sleep could not come sooner.
 */
export function planIdleCheck(forecast: SleepForecast, leadTimeSec: number, watching: boolean, secondsToTimer: number | null = null): IdleCheckPlan | null {
  if (!watching) return null;
  switch (forecast.kind) {
    case 'unknown':
      return { delayMs: UNKNOWN_CHECK_MS, full: true };
    case 'never':
      return { delayMs: NEVER_CHECK_MS, full: true };
    case 'prevented': {
      // An assertion can end at any moment (caffeinate exits), so look again, slowly.
      const farSec = secondsToTimer === null ? 0 : secondsToTimer - leadTimeSec - NEAR_MARGIN_SEC;
      return { delayMs: Math.min(MAX_FAR_CHECK_MS, Math.max(PREVENTED_CHECK_MS, farSec * 1000)), full: true };
    }
    case 'counting': {
      const farSec = forecast.secondsToSleep - leadTimeSec - NEAR_MARGIN_SEC;
      if (farSec <= 0) return { delayMs: NEAR_CHECK_MS, full: false };
      return { delayMs: Math.min(MAX_FAR_CHECK_MS, Math.max(MIN_FAR_CHECK_MS, farSec * 1000)), full: true };
    }
  }
}
