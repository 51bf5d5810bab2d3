import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { trayTinygradItems } from '../../../src/main/tray-inference-menu';
import { trayMenuTemplate, type TrayMenuHandlers } from '../../../src/main/tray-menu';
import { connectedState } from '../../builders/app-state';

const handlers = (stopTinygrad?: () => void): TrayMenuHandlers => ({
  refresh: vi.fn(),
  openPopover: vi.fn(),
  openSetup: vi.fn(),
  copyDiagnostics: vi.fn(),
  setLaunchAtLogin: vi.fn(),
  quit: vi.fn(),
  ...(stopTinygrad ? { stopTinygrad } : {}),
});
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('the tray menu and the managed tinygrad server', () => {
  it('offers "Stop the tinygrad server (model)" while it runs, above Refresh, and stops it', () => {
    const stop = vi.fn<() => void>();
    const items = trayMenuTemplate(connectedState(), handlers(stop), { launchAtLogin: false, tinygrad: { running: true, model: 'llama3.1:8b' } });
    const index = items.findIndex((i) => i.id === 'stop-tinygrad');
    expect(items[index]?.label).toBe('Stop the tinygrad server (llama3.1:8b)');
    expect(items[index - 1]?.type).toBe('separator');
    expect(index).toBeLessThan(items.findIndex((i) => i.id === 'refresh'));
    click(items[index]);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('has no item while it does not run, before the tray heard of it, or without a handler', () => {
    const stop = vi.fn<() => void>();
    expect(trayMenuTemplate(connectedState(), handlers(stop), { launchAtLogin: false, tinygrad: { running: false, model: 'llama3.1:8b' } }).some((i) => i.id === 'stop-tinygrad')).toBe(false);
    expect(trayMenuTemplate(connectedState(), handlers(stop), { launchAtLogin: false }).some((i) => i.id === 'stop-tinygrad')).toBe(false);
    expect(trayTinygradItems({ running: true, model: 'qwen3:8b' }, undefined)).toEqual([]);
  });

  it('names no model when it does not know one', () => {
    expect(trayTinygradItems({ running: true, model: null }, () => undefined).find((i) => i.id === 'stop-tinygrad')?.label).toBe('Stop the tinygrad server');
  });
});
