// Interfaces the core needs from its host. Electron adapters in src/main implement them for the
// packaged app; src/cli implements them for web mode and the CLI; tests pass fakes.
import type { SleepNotificationActionId } from './api/power';
import type { ProbeTool } from './api/settings';
import type { PowerPort } from './power/port';

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
