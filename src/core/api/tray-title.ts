// The text next to the menu-bar icon, shared by the Mac's tray and web mode's menu bar: a live sleep
// countdown while the sleep warning shows, else none. Renderer-safe (no Node modules).
import { countdownClock, secondsLeftAt } from './present';
import type { AppState } from './schemas';

/** Pure: "Sleep 0:42" while the warning shows, "" otherwise (an empty title hides it). Never "0:00". */
export function trayTitleText(state: AppState | null, now: number): string {
  const power = state?.power;
  if (!power?.warning) return '';
  const seconds = secondsLeftAt(power, now);
  return seconds === null || seconds < 1 ? '' : `Sleep ${countdownClock(Math.max(1, seconds))}`;
}

/** Whether the title needs ticking each second. */
export function trayTitleTicks(state: AppState | null): boolean {
  return state?.power?.warning === true && state.power.secondsToSleep !== null;
}
