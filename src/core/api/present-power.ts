// The words of the power features: sleep warning, keep-awake, prepare to unplug, and the Power line
// of `status`. Renderer-safe (no Node modules); re-exported by present.ts.
import type { AppPower } from './power';

/** Words of the power features: sleep warning, keep-awake, prepare to unplug. */
export const POWER_WORDS = {
  tinygpuServer: 'TinyGPU server',
  egpuBack: 'eGPU is back',
  notBack: 'eGPU did not come back after sleep',
  unsupported: 'the power features need macOS (pmset)',
  keepAwake: 'Keep awake',
  keepAwakeModes: { off: 'Off', 'while-attached': 'While attached', 'while-in-use': 'While in use', until: 'For 1 hour' },
  keepAwakeHolding: 'The Mac is kept awake',
  prepareUnplug: 'Prepare to unplug',
  safeToUnplug: 'Safe to unplug',
  lidNote: 'Closing the lid sleeps the Mac regardless.',
  noIdleSleep: 'No idle sleep coming',
  egpuAttached: 'eGPU attached',
  checkAgain: 'Check again',
  /** The sleep warning's three choices, in the order the notification and the popover show them. */
  sleepSoonActions: {
    'keep-awake-while-attached': 'Keep awake while the eGPU is attached',
    'keep-awake-1h': 'Keep awake for 1 hour',
    'let-it-sleep': 'Let it sleep',
  },
  stopHolder: 'Stop',
  unpluggedAsPrepared: 'eGPU unplugged as prepared',
  managedTinygrad: 'tinygrad server',
  dismiss: 'Dismiss',
  /** Titles of the critical warning after a wake that did not bring the eGPU back as it was. */
  wakeTitles: { missing: 'eGPU did not come back after sleep', 'link-changed': 'eGPU came back on a different link', 'driver-not-ready': 'eGPU driver not ready after sleep' },
} as const;

/** "python3 (pid 4242)", "TinyGPU server": one thing that holds the eGPU. */
export function describeHolder(h: { name: string; pid: number | null }): string {
  return h.pid !== null ? `${h.name} (pid ${h.pid})` : h.name;
}

/** "0:42", "12:05": minutes and seconds of a countdown. */
export function countdownClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "Mac sleeps in 0:42". */
export function sleepCountdownLine(seconds: number): string {
  // A countdown never shows "0:00": the last second reads as what is happening.
  return seconds < 1 ? 'Mac is going to sleep' : `Mac sleeps in ${countdownClock(Math.max(1, seconds))}`;
}

/** The seconds left now, counted down from a reading taken at `at`; null when no sleep is coming. */
export function secondsLeftAt(power: { secondsToSleep: number | null; at: number }, now: number): number | null {
  if (power.secondsToSleep === null) return null;
  return Math.max(0, power.secondsToSleep - Math.max(0, now - power.at) / 1000);
}

/**
 * The Power line of `status`: "Mac sleeps in 0:30 — eGPU attached", what prevents sleep, or that none
 * is coming; null where the power features are not available (the popover hides its power row there).
 */
export function powerStatusLine(power: AppPower | undefined, egpuAttached: boolean): string | null {
  if (!power?.supported) return null;
  if (power.secondsToSleep !== null) return `${sleepCountdownLine(power.secondsToSleep)}${egpuAttached ? ` — ${POWER_WORDS.egpuAttached}` : ''}`;
  return power.preventedLine ?? POWER_WORDS.noIdleSleep;
}
