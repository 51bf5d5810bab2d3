import { describe, expect, it, vi } from 'vitest';
import { trayMenuTemplate, type TrayMenuHandlers } from '../../../src/main/tray-menu';
import { connectedState } from '../../builders/app-state';

function handlers(extra: Partial<TrayMenuHandlers> = {}): TrayMenuHandlers {
  return {
    refresh: vi.fn(),
    openPopover: vi.fn(),
    openSetup: vi.fn(),
    copyDiagnostics: vi.fn(),
    setLaunchAtLogin: vi.fn(),
    quit: vi.fn(),
    ...extra,
  };
}

describe('tray menu: updates and About', () => {
  it('shows the update item with the controller text, before Quit, and runs it on click', () => {
    const update = vi.fn();
    const showAbout = vi.fn();
    const items = trayMenuTemplate(connectedState(), handlers({ update, showAbout }), {
      launchAtLogin: false,
      update: { label: 'Restart to update to 1.2.0', enabled: true },
    });
    const ids = items.map((item) => item.id ?? item.type);
    expect(ids.slice(-5)).toEqual(['launch-at-login', 'update', 'about', 'separator', 'quit']);
    const updateItem = items.find((item) => item.id === 'update');
    expect(updateItem).toMatchObject({ label: 'Restart to update to 1.2.0', enabled: true });
    (updateItem?.click as unknown as () => void)();
    (items.find((item) => item.id === 'about')?.click as unknown as () => void)();
    expect(update).toHaveBeenCalledOnce();
    expect(showAbout).toHaveBeenCalledOnce();
  });

  it('greys the update item out when the controller says so, with its reason', () => {
    const items = trayMenuTemplate(null, handlers({ update: vi.fn() }), {
      launchAtLogin: true,
      update: { label: 'Restart to update to 1.2.0', enabled: false, toolTip: 'Available when the running setup step has finished' },
    });
    expect(items.find((item) => item.id === 'update')).toMatchObject({ enabled: false, toolTip: 'Available when the running setup step has finished' });
  });

  it('has neither item when the host gives no handlers', () => {
    const items = trayMenuTemplate(connectedState(), handlers(), { launchAtLogin: false, update: { label: 'Check for updates…', enabled: true } });
    expect(items.some((item) => item.id === 'update' || item.id === 'about')).toBe(false);
  });
});
