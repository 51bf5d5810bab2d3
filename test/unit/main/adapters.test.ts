import { describe, expect, it, vi } from 'vitest';
import type { CompanionApi } from '../../../src/core/api/contract';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import type { PowerEvent } from '../../../src/core/ports';
import {
  electronNotifier,
  electronShell,
  followLaunchAtLogin,
  isAllowedExternalUrl,
  subscribePowerEvents,
  type NotificationLike,
  type NotificationOptions,
} from '../../../src/main/adapters';

describe('electronShell', () => {
  function fakeShell() {
    return { openExternal: vi.fn(async (_url: string) => undefined), showItemInFolder: vi.fn() };
  }

  it('opens https pages and System Settings panes', async () => {
    const shell = fakeShell();
    const port = electronShell(shell);
    await expect(port.openExternal('https://docs.tinygrad.org/')).resolves.toBe(true);
    await expect(port.openExternal('x-apple.systempreferences:com.apple.settings.PrivacySecurity.extension')).resolves.toBe(true);
    expect(shell.openExternal).toHaveBeenCalledTimes(2);
  });

  it('refuses every other kind of URL without calling the OS', async () => {
    const shell = fakeShell();
    const port = electronShell(shell);
    for (const url of ['http://example.com/', 'file:///Applications/Calculator.app', 'smb://server/share', 'javascript:alert(1)', 'not a url', '']) {
      await expect(port.openExternal(url)).resolves.toBe(false);
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('reports failure when the OS cannot open the URL', async () => {
    const shell = fakeShell();
    shell.openExternal.mockRejectedValueOnce(new Error('no handler'));
    await expect(electronShell(shell).openExternal('https://ollama.com/')).resolves.toBe(false);
  });

  it('reveals absolute paths only', async () => {
    const shell = fakeShell();
    const port = electronShell(shell);
    await expect(port.showItemInFolder('/Users/me/Library/Logs/setup.log')).resolves.toBe(true);
    await expect(port.showItemInFolder('relative/setup.log')).resolves.toBe(false);
    expect(shell.showItemInFolder).toHaveBeenCalledExactlyOnceWith('/Users/me/Library/Logs/setup.log');
  });

  it('exposes the same allow-list as a predicate', () => {
    expect(isAllowedExternalUrl('https://github.com/')).toBe(true);
    expect(isAllowedExternalUrl('HTTPS://github.com/')).toBe(true);
    expect(isAllowedExternalUrl('ftp://github.com/')).toBe(false);
  });
});

describe('electronNotifier', () => {
  function fakeNotificationClass(supported = true) {
    type AnyListener = (...args: unknown[]) => void;
    const shown: Array<{ options: NotificationOptions; listeners: Map<string, AnyListener> }> = [];
    class FakeNotification implements NotificationLike {
      static isSupported = () => supported;
      readonly listeners = new Map<string, AnyListener>();
      constructor(readonly options: NotificationOptions) {}
      show() {
        shown.push({ options: this.options, listeners: this.listeners });
      }
      on(event: 'click' | 'close' | 'failed' | 'action', listener: AnyListener) {
        this.listeners.set(event, listener);
      }
    }
    return { FakeNotification, shown };
  }

  const warning = { id: 'link-degraded:1', title: 'eGPU link degraded', body: 'PCIe x1', severity: 'warning' as const };

  it('shows a notification once per id', () => {
    const { FakeNotification, shown } = fakeNotificationClass();
    const notifier = electronNotifier(FakeNotification);
    notifier.notify(warning);
    notifier.notify(warning);
    notifier.notify({ ...warning, id: 'link-degraded:2' });
    expect(shown.map((entry) => entry.options.id)).toEqual(['link-degraded:1', 'link-degraded:2']);
    expect(shown[0]?.options).toMatchObject({ title: 'eGPU link degraded', body: 'PCIe x1', silent: false });
  });

  it('keeps info notifications quiet and marks critical ones urgent', () => {
    const { FakeNotification, shown } = fakeNotificationClass();
    const notifier = electronNotifier(FakeNotification);
    notifier.notify({ ...warning, id: 'a', severity: 'info' });
    notifier.notify({ ...warning, id: 'b', severity: 'critical' });
    expect(shown.map((entry) => [entry.options.silent, entry.options.urgency])).toEqual([
      [true, 'normal'],
      [false, 'critical'],
    ]);
  });

  it('reports clicks with the notification that was clicked', () => {
    const { FakeNotification, shown } = fakeNotificationClass();
    const onClick = vi.fn();
    electronNotifier(FakeNotification, { onClick }).notify(warning);
    shown[0]?.listeners.get('click')?.();
    expect(onClick).toHaveBeenCalledWith(warning);
  });

  it('shows the sleep warning\'s three choices as buttons and reports the one pressed', () => {
    const { FakeNotification, shown } = fakeNotificationClass();
    const onAction = vi.fn();
    const sleepSoon = {
      ...warning,
      id: 'sleep-soon:1',
      actions: [
        { id: 'keep-awake-while-attached' as const, label: 'Keep awake while the eGPU is attached' },
        { id: 'keep-awake-1h' as const, label: 'Keep awake for 1 hour' },
        { id: 'let-it-sleep' as const, label: 'Let it sleep' },
      ],
    };
    electronNotifier(FakeNotification, { onAction }).notify(sleepSoon);
    expect(shown[0]?.options.actions).toEqual([
      { type: 'button', text: 'Keep awake while the eGPU is attached' },
      { type: 'button', text: 'Keep awake for 1 hour' },
      { type: 'button', text: 'Let it sleep' },
    ]);
    const press = shown[0]?.listeners.get('action');
    press?.({ actionIndex: 1 }, 1, -1); // Electron 45: details first
    press?.({}, 2); // older Electron: the index second
    press?.({ actionIndex: 7 }, 7); // no such button
    expect(onAction.mock.calls.map(([action]) => action)).toEqual(['keep-awake-1h', 'let-it-sleep']);
    // Other notifications have no buttons.
    electronNotifier(FakeNotification).notify(warning);
    expect(shown[1]?.options.actions).toBeUndefined();
  });

  it('forgets the oldest ids, so a long-past trouble can notify again', () => {
    const { FakeNotification, shown } = fakeNotificationClass();
    const notifier = electronNotifier(FakeNotification, { rememberIds: 2 });
    for (const id of ['a', 'b', 'c', 'a']) notifier.notify({ ...warning, id });
    expect(shown.map((entry) => entry.options.id)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('does nothing where notifications are unsupported', () => {
    const { FakeNotification, shown } = fakeNotificationClass(false);
    electronNotifier(FakeNotification).notify(warning);
    expect(shown).toEqual([]);
  });
});

describe('subscribePowerEvents', () => {
  it('forwards sleep, wake, lock and unlock, and stops on unsubscribe', () => {
    const listeners = new Map<PowerEvent, () => void>();
    const monitor = {
      on: (event: PowerEvent, listener: () => void) => listeners.set(event, listener),
      removeListener: (event: PowerEvent) => listeners.delete(event),
    };
    const received: PowerEvent[] = [];
    const stop = subscribePowerEvents(monitor, (event) => received.push(event));
    for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen'] as const) listeners.get(event)?.();
    expect(received).toEqual(['suspend', 'resume', 'lock-screen', 'unlock-screen']);
    stop();
    expect(listeners.size).toBe(0);
  });
});

describe('followLaunchAtLogin', () => {
  it('applies the saved launchAtLogin after every settings change and passes other calls through', async () => {
    class Core {
      #saved = DEFAULT_SETTINGS;
      async updateSettings(patch: { launchAtLogin?: boolean }) {
        this.#saved = { ...this.#saved, ...patch };
        return this.#saved;
      }
      async getSettings() {
        return this.#saved;
      }
    }
    const applied: boolean[] = [];
    const core = followLaunchAtLogin(new Core() as unknown as CompanionApi, (enabled) => applied.push(enabled));
    await core.updateSettings({ launchAtLogin: true });
    await core.updateSettings({ notifications: { hotPlug: false } });
    expect(applied).toEqual([true, true]);
    await expect(core.getSettings({})).resolves.toMatchObject({ launchAtLogin: true });
  });

  it('leaves the login item alone when saving fails', async () => {
    const failing = { updateSettings: async () => Promise.reject(new Error('disk full')) } as unknown as CompanionApi;
    const apply = vi.fn();
    await expect(followLaunchAtLogin(failing, apply).updateSettings({ launchAtLogin: true })).rejects.toThrow('disk full');
    expect(apply).not.toHaveBeenCalled();
  });
});
