// Parsers for pmset and ioreg output (formats: `man pmset`, and the recorded outputs in test/fixtures/power). They never throw:
// anything unrecognised becomes null ("unknown").
import type { AssertionsInfo, BatteryInfo, PowerAssertion, SleepSettings } from '../ports';

const MAX_MINUTES = 100_000;

/** `pmset -g`. `Sleep On Power Button` also starts with "sleep", so the value must follow `sleep` directly. */
export function parsePmsetSettings(text: string): SleepSettings {
  let sleepTimerMin: number | null = null;
  let displaySleepMin: number | null = null;
  let sleepDisabled: boolean | null = null;
  let sawHeader = false;
  for (const line of String(text).split(/\r?\n/)) {
    if (/^(System-wide power settings|Currently in use|AC Power|Battery Power)\s*:/i.test(line.trim())) sawHeader = true;
    const sleep = /^\s*sleep\s+(\d+)(?:\s|$)/.exec(line);
    if (sleep && sleepTimerMin === null) sleepTimerMin = minutes(sleep[1]);
    const display = /^\s*displaysleep\s+(\d+)(?:\s|$)/.exec(line);
    if (display && displaySleepMin === null) displaySleepMin = minutes(display[1]);
    const disabled = /^\s*SleepDisabled\s+(\d+)\s*$/.exec(line);
    if (disabled) sleepDisabled = disabled[1] !== '0';
  }
  // Absent SleepDisabled means "not set" only if this looked like pmset output at all.
  if (sleepDisabled === null && (sawHeader || sleepTimerMin !== null)) sleepDisabled = false;
  return { sleepTimerMin, sleepDisabled, displaySleepMin };
}

function minutes(digits: string | undefined): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_MINUTES ? n : null;
}

const OWNER_LINE = /^\s*pid\s+(\d+)\((.*?)\):\s*(?:\[[^\]]*\]\s*)?(?:[\d:]+\s+)?(\w+)(?:\s+named:\s*"(.*)")?/;

/** `pmset -g assertions`. */
export function parsePmsetAssertions(text: string): AssertionsInfo {
  let preventUserIdleSystemSleep: boolean | null = null;
  let preventSystemSleep: boolean | null = null;
  const assertions: PowerAssertion[] = [];
  let section: 'none' | 'system' | 'owners' = 'none';
  for (const line of String(text).split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^Assertion status system-wide:/i.test(trimmed)) section = 'system';
    else if (/^Listed by owning process:/i.test(trimmed)) section = 'owners';
    else if (/^Kernel Assertions:/i.test(trimmed)) section = 'none';
    else if (section === 'system') {
      const row = /^(\w+)\s+(\d+)$/.exec(trimmed);
      if (row?.[1] === 'PreventUserIdleSystemSleep') preventUserIdleSystemSleep = Number(row[2]) > 0;
      if (row?.[1] === 'PreventSystemSleep') preventSystemSleep = Number(row[2]) > 0;
    } else if (section === 'owners') {
      const owner = OWNER_LINE.exec(line);
      if (owner) {
        const pid = Number(owner[1]);
        assertions.push({
          pid: Number.isSafeInteger(pid) ? pid : null,
          process: (owner[2] ?? '').trim() || 'unknown process',
          type: owner[3] ?? 'unknown',
          name: owner[4] ?? null,
        });
      }
    }
  }
  return { preventUserIdleSystemSleep, preventSystemSleep, assertions };
}

/** `pmset -g batt`. */
export function parsePmsetBatt(text: string): BatteryInfo {
  const input = String(text);
  const source = /Now drawing from '([^']+)'/.exec(input)?.[1];
  const onBattery = source === undefined ? null : /battery/i.test(source);
  const row = /(\d{1,3})%;\s*([^;\n]+)/.exec(input);
  const pct = row ? Number(row[1]) : null;
  return {
    onBattery,
    percent: pct !== null && pct <= 100 ? pct : null,
    state: row?.[2]?.trim() || null,
  };
}

/** `ioreg -c IOHIDSystem`: HIDIdleTime in nanoseconds → seconds. The first value wins (one HID system). */
export function parseHidIdleSeconds(text: string): number | null {
  const match = /"HIDIdleTime"\s*=\s*(\d{1,25})\b/.exec(String(text));
  if (!match) return null;
  const ns = Number(match[1]);
  if (!Number.isFinite(ns) || ns < 0) return null;
  const seconds = ns / 1e9;
  // More than a year idle is a misread, not a user away.
  return seconds <= 366 * 24 * 3600 ? seconds : null;
}

/** The processes keeping the Mac from idle sleep, by name, each once, in listed order. */
export function idleSleepPreventers(info: AssertionsInfo): string[] {
  const names: string[] = [];
  for (const a of info.assertions) {
    if (a.type !== 'PreventUserIdleSystemSleep' && a.type !== 'PreventSystemSleep') continue;
    if (!names.includes(a.process)) names.push(a.process);
  }
  return names;
}
