// The text next to the menu-bar icon: a live sleep countdown while the sleep warning shows, else none.
import { countdownClock, secondsLeftAt } from '../core/api/present';
import type { AppState } from '../core/api/schemas';

/** Pure: "Sleep 0:42" while the warning shows, "" otherwise (an empty title hides it). */
export function trayTitleText(state: AppState | null, now: number): string {
  const power = state?.power;
  if (!power?.warning) return '';
  const seconds = secondsLeftAt(power, now);
  return seconds === null ? '' : `Sleep ${countdownClock(seconds)}`;
}

/** Whether the title needs ticking each second. */
export function trayTitleTicks(state: AppState | null): boolean {
  return state?.power?.warning === true && state.power.secondsToSleep !== null;
}
