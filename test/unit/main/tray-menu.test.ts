import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { trayIconFor, trayMenuTemplate, trayTooltip, type TrayMenuHandlers } from '../../../src/main/tray-menu';
import { appState, connectedState, device, disconnectedState, unknownState, warningState } from '../../builders/app-state';

function handlers() {
  return {
    refresh: vi.fn<() => void>(),
    openPopover: vi.fn<() => void>(),
    openSetup: vi.fn<() => void>(),
    copyDiagnostics: vi.fn<() => void>(),
    setLaunchAtLogin: vi.fn<(enabled: boolean) => void>(),
    quit: vi.fn<() => void>(),
  } satisfies TrayMenuHandlers;
}

const labels = (items: MenuItemConstructorOptions[]) => items.filter((item) => item.type !== 'separator').map((item) => item.label);
const byId = (items: MenuItemConstructorOptions[], id: string) => {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
};
/** Runs an item's click handler the way Electron would. */
const click = (item: MenuItemConstructorOptions, checked = false) =>
  (item.click as unknown as (menuItem: { checked: boolean }) => void)({ checked });

const ACTIONS = ['Refresh', 'Open eGPU Companion…', 'Set up eGPU…', 'Copy diagnostics', 'Launch at login', 'Quit eGPU Companion'];

describe('trayMenuTemplate', () => {
  it('shows the connected GPU, its VRAM, link and driver, then the actions', () => {
    const items = trayMenuTemplate(connectedState(), handlers(), { launchAtLogin: false });
    expect(labels(items)).toEqual([
      'NVIDIA GeForce RTX 4090',
      'VRAM: 3.2 GB of 24 GB GDDR6X in use',
      'Link: Thunderbolt 4 · PCIe x4 Gen3',
      'Driver: TinyGPU 1.2.0 (Apple Signed) — ready',
      ...ACTIONS,
    ]);
  });

  it('shows status lines as information, not as clickable items', () => {
    const items = trayMenuTemplate(connectedState(), handlers(), { launchAtLogin: false });
    for (const id of ['device-0', 'vram-0', 'link-0', 'driver']) expect(byId(items, id).enabled).toBe(false);
    for (const id of ['refresh', 'open', 'setup', 'copy-diagnostics', 'launch-at-login', 'quit']) {
      expect(byId(items, id).enabled).not.toBe(false);
    }
  });

  it('says when no eGPU is connected', () => {
    const items = trayMenuTemplate(disconnectedState(), handlers(), { launchAtLogin: false });
    expect(labels(items)).toEqual(['No eGPU connected', 'Driver: TinyGPU 1.2.0 (Apple Signed) — ready', ...ACTIONS]);
  });

  it('lists each hazard with its severity marker and opens the popover for details', () => {
    const h = handlers();
    const items = trayMenuTemplate(warningState(), h, { launchAtLogin: false });
    const hazards = items.filter((item) => item.id?.startsWith('hazard-'));
    expect(hazards.map((item) => item.label)).toEqual([
      'Warning: The eGPU link is running slower than it should',
      'Critical: Sleeping now will drop the GPU',
    ]);
    expect(hazards[0]?.toolTip).toBe('The link trained at PCIe x1; model loading will be slow.');
    click(hazards[1] as MenuItemConstructorOptions);
    expect(h.openPopover).toHaveBeenCalledTimes(1);
    // The link reads the same as in the popover: kind, then the PCIe lanes when known.
    expect(labels(items)).toContain('Link: Thunderbolt 3 · PCIe x1 Gen3');
  });

  it('says the status is unknown when nothing could be read', () => {
    const items = trayMenuTemplate(unknownState(), handlers(), { launchAtLogin: true });
    expect(labels(items).slice(0, 3)).toEqual([
      'eGPU status unknown',
      'Driver: TinyGPU — state unknown',
      'Last check failed: tinygpu timed out after 3 s',
    ]);
    expect(byId(items, 'probe-error').enabled).toBe(false);
  });

  it('shows a checking line before the first state arrives', () => {
    const items = trayMenuTemplate(null, handlers(), { launchAtLogin: false });
    expect(labels(items)).toEqual(['Checking for an eGPU…', ...ACTIONS]);
  });

  it('reports total VRAM alone when usage is unknown, and Ollama as the source when it is', () => {
    const onlyTotal = trayMenuTemplate(appState({ devices: [device({ vramUsedMB: null, vramUsedSource: null })] }), handlers(), {
      launchAtLogin: false,
    });
    expect(labels(onlyTotal)).toContain('VRAM: 24 GB GDDR6X');
    const ollama = trayMenuTemplate(appState({ devices: [device({ vramUsedMB: 12_800, vramUsedSource: 'ollama' })] }), handlers(), {
      launchAtLogin: false,
    });
    expect(labels(ollama)).toContain('VRAM: 13 GB of 24 GB GDDR6X in use (by Ollama models)');
  });

  it('marks a link that is down and a driver waiting for approval', () => {
    const state = appState({
      devices: [device({ link: { kind: 'usb4', label: '', pcieWidth: null, pcieGen: null, up: false } })],
      driver: { state: 'awaiting-approval', name: 'TinyGPU', version: null, signing: null, detail: null },
    });
    const items = labels(trayMenuTemplate(state, handlers(), { launchAtLogin: false }));
    expect(items).toContain('Link: USB4 (link down)');
    expect(items).toContain('Driver: TinyGPU — waiting for approval in System Settings');
  });

  it('wires every action to its handler', () => {
    const h = handlers();
    const items = trayMenuTemplate(connectedState(), h, { launchAtLogin: false });
    click(byId(items, 'refresh'));
    click(byId(items, 'open'));
    click(byId(items, 'setup'));
    click(byId(items, 'copy-diagnostics'));
    click(byId(items, 'quit'));
    expect(h.refresh).toHaveBeenCalledTimes(1);
    expect(h.openPopover).toHaveBeenCalledTimes(1);
    expect(h.openSetup).toHaveBeenCalledTimes(1);
    expect(h.copyDiagnostics).toHaveBeenCalledTimes(1);
    expect(h.quit).toHaveBeenCalledTimes(1);
  });

  it('shows launch at login as a checkbox and reports the new value', () => {
    const h = handlers();
    const items = trayMenuTemplate(connectedState(), h, { launchAtLogin: true });
    const item = byId(items, 'launch-at-login');
    expect(item).toMatchObject({ type: 'checkbox', checked: true });
    click(item, false);
    expect(h.setLaunchAtLogin).toHaveBeenCalledWith(false);
  });
});

describe('tray icon and tooltip', () => {
  it('picks a template image per state', () => {
    expect(trayIconFor('ok').file).toBe('trayOkTemplate.png');
    expect(trayIconFor('warning').file).toBe('trayWarningTemplate.png');
    expect(trayIconFor('disconnected').file).toBe('trayDisconnectedTemplate.png');
    expect(trayIconFor('unknown').file).toBe('trayUnknownTemplate.png');
    for (const state of ['ok', 'warning', 'disconnected', 'unknown'] as const) {
      expect(trayIconFor(state).file).toMatch(/Template\.png$/);
    }
  });

  it('uses the summary as tooltip, or the state text when there is none', () => {
    expect(trayTooltip(connectedState())).toBe('eGPU Companion — RTX 4090 ready over Thunderbolt 4');
    expect(trayTooltip(unknownState())).toBe('eGPU Companion — eGPU status unknown');
  });

  it('keeps a long summary to a readable tooltip', () => {
    const tooltip = trayTooltip(appState({ summary: 'x'.repeat(500) }));
    expect(tooltip.length).toBeLessThanOrEqual(120);
    expect(tooltip.endsWith('…')).toBe(true);
  });
});
