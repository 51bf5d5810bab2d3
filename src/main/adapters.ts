// Electron implementations of the ports the core defines (src/core/ports.ts), plus the power and
// login-item wiring. Electron objects are passed in, so these run under plain Node in tests.
import { isAllowedExternalUrl, normalizeExternalUrl } from '../core/external-urls';
import path from 'node:path';
import type { CompanionApi } from '../core/api/contract';
import type { ProbeTool } from '../core/api/settings';
import type { SleepNotificationActionId } from '../core/api/power';
import type { Notification as CompanionNotification, NotifierPort, PowerEvent, ShellPort } from '../core/ports';
import { actionIndexOf, electronButtons, notificationActionAt, type ElectronButton } from './notification-actions';

// ---- shell -------------------------------------------------------------------------------------

/** The parts of Electron's `shell` the adapter uses. */
export interface ShellLike {
  openExternal(url: string): Promise<void>;
  showItemInFolder(fullPath: string): void;
}

/** Only web pages over https and System Settings panes ever leave the app. */
// One allow-list for the whole app: the core's, also used by its openExternal command.
export { isAllowedExternalUrl };

/** The part of Electron's `dialog` the file chooser uses. */
export interface DialogLike {
  showOpenDialog(options: { title?: string; properties: Array<'openFile'>; defaultPath?: string }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/**
 * Asks the user, through the native chooser, for a probe's executable. Starts at the current path
 * (when it is absolute) and resolves to the chosen absolute path, or null when the user cancels.
 */
export async function chooseExecutableWith(dialog: DialogLike, tool: ProbeTool, current: string | null): Promise<string | null> {
  const defaultPath = current !== null && path.isAbsolute(current) && !current.includes('\0') ? current : undefined;
  const result = await dialog.showOpenDialog({
    title: `Choose the ${tool} executable`,
    properties: ['openFile'],
    ...(defaultPath === undefined ? {} : { defaultPath }),
  });
  if (result.canceled) return null;
  const chosen = result.filePaths[0];
  if (chosen === undefined || !path.isAbsolute(chosen) || chosen.includes('\0')) return null;
  return chosen;
}

export function electronShell(shell: ShellLike, dialog?: DialogLike): ShellPort {
  return {
    ...(dialog === undefined ? {} : { chooseExecutable: (tool: ProbeTool, current: string | null) => chooseExecutableWith(dialog, tool, current) }),
    async openExternal(url) {
      // Open exactly the string that passed the allow-list: its normalised form.
      const normalized = normalizeExternalUrl(url);
      if (normalized === null) return false;
      try {
        await shell.openExternal(normalized);
        return true;
      } catch {
        // No app for that URL: the caller reports false to the user; there is nothing more to log.
        return false;
      }
    },
    async showItemInFolder(fullPath) {
      if (!path.isAbsolute(fullPath) || fullPath.includes('\0')) return false;
      shell.showItemInFolder(fullPath);
      return true;
    },
  };
}

// ---- notifications -----------------------------------------------------------------------------

export interface NotificationOptions {
  id: string;
  title: string;
  body: string;
  silent: boolean;
  urgency: 'normal' | 'critical' | 'low';
  /** macOS shows them only for a signed app whose Info.plist asks for alerts; the popover has them too. */
  actions?: ElectronButton[];
}

/** The parts of an Electron Notification the adapter uses. */
export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  on(event: 'action', listener: (details: unknown, actionIndex?: unknown) => void): unknown;
}

/** Electron's Notification class satisfies this. */
export interface NotificationClass {
  new (options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
}

export interface NotifierOptions {
  /** Clicking a notification usually opens the popover. */
  onClick?(notification: CompanionNotification): void;
  /** A button was pressed: the action it stands for, from the closed set the core accepts. */
  onAction?(action: SleepNotificationActionId, notification: CompanionNotification): void;
  /** How many ids are remembered for de-duplication. */
  rememberIds?: number;
}

/** Notifications kept alive at once; older ones are long gone from the screen. */
const MAX_LIVE_NOTIFICATIONS = 20;

export function electronNotifier(NotificationCtor: NotificationClass, options: NotifierOptions = {}): NotifierPort {
  const rememberIds = options.rememberIds ?? 500;
  const seenIds = new Set<string>();
  // An Electron Notification that is garbage collected loses its click handler, so keep references.
  const live = new Set<NotificationLike>();

  return {
    notify(notification) {
      if (seenIds.has(notification.id)) return;
      seenIds.add(notification.id);
      if (seenIds.size > rememberIds) {
        const oldest = seenIds.values().next().value;
        if (oldest !== undefined) seenIds.delete(oldest);
      }
      if (!NotificationCtor.isSupported()) return;

      const shown = new NotificationCtor({
        id: notification.id,
        title: notification.title,
        body: notification.body,
        silent: notification.severity === 'info',
        urgency: notification.severity === 'critical' ? 'critical' : 'normal',
        ...(notification.actions?.length ? { actions: electronButtons(notification.actions) } : {}),
      });
      const release = () => live.delete(shown);
      shown.on('click', () => options.onClick?.(notification));
      shown.on('action', (details, positional) => {
        const action = notificationActionAt(notification.actions, actionIndexOf(details, positional));
        if (action) options.onAction?.(action, notification);
      });
      shown.on('close', release);
      shown.on('failed', release);
      live.add(shown);
      if (live.size > MAX_LIVE_NOTIFICATIONS) {
        const oldest = live.values().next().value;
        if (oldest !== undefined) live.delete(oldest);
      }
      shown.show();
    },
  };
}

// ---- power -------------------------------------------------------------------------------------

export const POWER_EVENTS: readonly PowerEvent[] = ['suspend', 'resume', 'lock-screen', 'unlock-screen'];

/** The parts of Electron's powerMonitor the adapter uses. */
export interface PowerMonitorLike {
  on(event: PowerEvent, listener: () => void): unknown;
  removeListener(event: PowerEvent, listener: () => void): unknown;
}

/** Forwards sleep/wake and lock/unlock to the core; returns the unsubscribe function. */
export function subscribePowerEvents(monitor: PowerMonitorLike, onEvent: (event: PowerEvent) => void): () => void {
  const listeners = POWER_EVENTS.map((event) => {
    const listener = () => onEvent(event);
    monitor.on(event, listener);
    return [event, listener] as const;
  });
  return () => {
    for (const [event, listener] of listeners) monitor.removeListener(event, listener);
  };
}

// ---- launch at login ---------------------------------------------------------------------------

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export function applyLaunchAtLogin(app: LoginItemApp, enabled: boolean): void {
  app.setLoginItemSettings({ openAtLogin: enabled });
}

/**
 * The same core, except that every successful updateSettings (from the popover or the tray menu)
 * also reports the resulting launchAtLogin, so the macOS login item follows the settings.
 */
export function followLaunchAtLogin<T extends CompanionApi>(core: T, apply: (enabled: boolean) => void): T {
  const updateSettings: CompanionApi['updateSettings'] = async (patch) => {
    const settings = await core.updateSettings(patch);
    apply(settings.launchAtLogin);
    return settings;
  };
  return new Proxy(core, {
    get(target, property) {
      if (property === 'updateSettings') return updateSettings;
      const value: unknown = Reflect.get(target, property, target);
      // Bound to the real core so class methods with private fields keep working.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
