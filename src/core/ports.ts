// Interfaces the core needs from its host. Electron adapters in src/main implement them for the
// packaged app; src/cli implements them for web mode and the CLI; tests pass fakes.
import type { SleepNotificationActionId } from './api/power';
import type { ProbeTool } from './api/settings';

export interface ShellPort {
  /** Opens an allow-listed URL (System Settings panes, documentation). Returns false if it could not. */
  openExternal(url: string): Promise<boolean>;
  /** Reveals a file in Finder (or the platform's file manager). Returns false if it could not. */
  showItemInFolder(path: string): Promise<boolean>;
  /** Opens the setup wizard in its own window (Electron). Returns false where the UI navigates itself. */
  openSetupWindow?(): Promise<boolean>;
  /** A native file chooser for a probe's executable (Electron); resolves to the chosen path or null. */
  chooseExecutable?(tool: ProbeTool, current: string | null): Promise<string | null>;
}

export interface Notification {
  /** Stable per occurrence, so a notifier can drop repeats. */
  id: string;
  title: string;
  body: string;
  severity: 'info' | 'warning' | 'critical';
  /** Buttons, in order; a host that cannot show them offers the same choices in the popover. */
  actions?: ReadonlyArray<{ id: SleepNotificationActionId; label: string }>;
}

export interface NotifierPort {
  notify(notification: Notification): void;
}

export type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen';

export const noopShell: ShellPort = {
  openExternal: async () => false,
  showItemInFolder: async () => false,
};

export const noopNotifier: NotifierPort = { notify: () => undefined };

const FORWARDED: readonly PowerEvent[] = ['suspend', 'resume', 'lock-screen', 'unlock-screen'];

/** Passes a power port's sleep/wake and screen-lock events on; returns the unsubscribe. */
export function forwardPowerEvents(port: PowerPort | null, handle: (event: PowerEvent) => void): () => void {
  if (!port) return () => undefined;
  const offs = FORWARDED.map((event) => port.on(event, () => handle(event)));
  return () => {
    for (const off of offs) off();
  };
}

// What the power features need from the host. Two adapters: Electron's powerMonitor/powerSaveBlocker
// (src/main/power-electron.ts) and plain-Node pmset/ioreg/caffeinate (power/node-port.ts).
// Every read answers "unknown" (null) rather than throwing.
export type PowerEventName = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen' | 'on-ac' | 'on-battery' | 'shutdown';
export const POWER_EVENT_NAMES: readonly PowerEventName[] = ['suspend', 'resume', 'lock-screen', 'unlock-screen', 'on-ac', 'on-battery', 'shutdown'];

/** `pmset -g`: minutes, 0 = never; null = unknown. */
export interface SleepSettings {
  sleepTimerMin: number | null;
  /** `SleepDisabled 1` in the system-wide block; false when the line is absent. */
  sleepDisabled: boolean | null;
  displaySleepMin: number | null;
}

export interface PowerAssertion {
  pid: number | null;
  process: string;
  type: string;
  name: string | null;
}

/** `pmset -g assertions`. */
export interface AssertionsInfo {
  /** The system-wide PreventUserIdleSystemSleep count is above zero; null = unknown. */
  preventUserIdleSystemSleep: boolean | null;
  /** PreventSystemSleep (e.g. on AC with some settings) — also keeps the Mac from idle sleep. */
  preventSystemSleep: boolean | null;
  assertions: PowerAssertion[];
}

/** `pmset -g batt`. */
export interface BatteryInfo {
  onBattery: boolean | null;
  percent: number | null;
  state: string | null;
}

export interface AwakeHold {
  /** Idempotent. */
  release(): void;
}

export interface PowerPort {
  /** false where the commands do not exist; every read then answers unknown. */
  readonly supported: boolean;
  on(event: PowerEventName, listener: () => void): () => void;
  /** Seconds since the last keyboard/mouse input; null = unknown. */
  idleSeconds(): Promise<number | null>;
  readSleepSettings(): Promise<SleepSettings>;
  readAssertions(): Promise<AssertionsInfo>;
  readBattery(): Promise<BatteryInfo>;
  /** Keeps the system (not the display) from idle sleep until released; null when it could not. */
  holdAwake(reason: string): AwakeHold | null;
}

export const UNKNOWN_SLEEP_SETTINGS: SleepSettings = { sleepTimerMin: null, sleepDisabled: null, displaySleepMin: null };
export const UNKNOWN_ASSERTIONS: AssertionsInfo = { preventUserIdleSystemSleep: null, preventSystemSleep: null, assertions: [] };
export const UNKNOWN_BATTERY: BatteryInfo = { onBattery: null, percent: null, state: null };

/** The port where there is nothing to read (Linux, tests). */
export const unsupportedPowerPort: PowerPort = {
  supported: false,
  on: () => () => undefined,
  idleSeconds: () => Promise.resolve(null),
  readSleepSettings: () => Promise.resolve(UNKNOWN_SLEEP_SETTINGS),
  readAssertions: () => Promise.resolve(UNKNOWN_ASSERTIONS),
  readBattery: () => Promise.resolve(UNKNOWN_BATTERY),
  holdAwake: () => null,
};
