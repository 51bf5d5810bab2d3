// What the menu-bar icon shows: its image, tooltip and right-click menu, all derived from AppState.
import type { MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME, SEVERITY_WORDS, TRAY_ICON_TEXT, driverLine, linkText, trayTooltip as tooltipText, truncate, vramLine, vramSourceNote } from '../core/api/present';
import type { AppState, Device, Hazard, TrayState } from '../core/api/schemas';
import { trayDoctorItems } from './tray-doctor-menu';
import { trayTinygradItems, type TrayTinygrad } from './tray-inference-menu';
import { trayPowerItems, type TrayPowerHandlers } from './tray-power-menu';

export interface TrayMenuHandlers {
  refresh(): void;
  openPopover(): void;
  openSetup(): void;
  copyDiagnostics(): void;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
  /** "Check for updates…" / "Restart to update" (src/main/updater.ts); no item without it. */
  update?(): void;
  /** The About box (src/main/about.ts); no item without it. */
  showAbout?(): void;
  /** Keep awake and prepare to unplug (src/main/tray-power-menu.ts); no items without them. */
  power?: TrayPowerHandlers;
  /** Stops the managed tinygrad server; no item without it. */
  stopTinygrad?(): void;
  /** "Check the eGPU…": runs the doctor and shows it in the popover; no item without it. */
  checkEgpu?(): void;
}

export interface TrayMenuPreferences {
  launchAtLogin: boolean;
  /** The update item's current text (UpdateController.menuItem()). */
  update?: { label: string; enabled: boolean; toolTip?: string };
  /** The managed tinygrad server, while the tray has heard of it. */
  tinygrad?: TrayTinygrad | null;
}

export { PRODUCT_NAME };

/** `state` is null until the core has published its first state. */
export function trayMenuTemplate(
  state: AppState | null,
  handlers: TrayMenuHandlers,
  preferences: TrayMenuPreferences,
): MenuItemConstructorOptions[] {
  return [
    ...(state ? statusItems(state) : [info('summary', 'Checking for an eGPU…')]),
    ...trayDoctorItems(state, handlers.checkEgpu, Date.now()),
    ...(state ? hazardItems(state.hazards, handlers) : []),
    ...trayPowerItems(state, handlers.power),
    ...trayTinygradItems(preferences.tinygrad, handlers.stopTinygrad),
    { type: 'separator' },
    { id: 'refresh', label: 'Refresh', click: () => handlers.refresh() },
    { id: 'open', label: `Open ${PRODUCT_NAME}…`, click: () => handlers.openPopover() },
    { id: 'setup', label: 'Set up eGPU…', click: () => handlers.openSetup() },
    { id: 'copy-diagnostics', label: 'Copy diagnostics', click: () => handlers.copyDiagnostics() },
    { type: 'separator' },
    {
      id: 'launch-at-login',
      label: 'Launch at login',
      type: 'checkbox',
      checked: preferences.launchAtLogin,
      // Electron has already flipped `checked` when click runs.
      click: (item) => handlers.setLaunchAtLogin(item.checked),
    },
    ...appItems(handlers, preferences),
    { type: 'separator' },
    { id: 'quit', label: `Quit ${PRODUCT_NAME}`, accelerator: 'Command+Q', click: () => handlers.quit() },
  ];
}

function appItems(handlers: TrayMenuHandlers, preferences: TrayMenuPreferences): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  const { update, showAbout } = handlers;
  if (update && preferences.update) {
    const { label, enabled, toolTip } = preferences.update;
    items.push({ id: 'update', label, enabled, ...(toolTip ? { toolTip } : {}), click: () => update() });
  }
  if (showAbout) items.push({ id: 'about', label: `About ${PRODUCT_NAME}`, click: () => showAbout() });
  return items;
}

export interface TrayIcon {
  /** A file in resources/tray; the `Template` suffix lets macOS tint it for light and dark menu bars. */
  file: string;
  tooltip: string;
}

const TRAY_ICON_FILES: Record<TrayState, string> = {
  ok: 'trayOkTemplate.png',
  warning: 'trayWarningTemplate.png',
  disconnected: 'trayDisconnectedTemplate.png',
  unknown: 'trayUnknownTemplate.png',
};

export function trayIconFor(state: TrayState): TrayIcon {
  return { file: TRAY_ICON_FILES[state], tooltip: TRAY_ICON_TEXT[state] };
}

/** The hover text: the state's one-line summary, or the icon's generic text when there is none. */
export function trayTooltip(state: AppState): string {
  return tooltipText(state.tray, state.summary);
}

function statusItems(state: AppState): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (state.devices.length === 0) {
    items.push(info('summary', state.summary.trim() || TRAY_ICON_TEXT[state.tray]));
  }
  for (const device of state.devices) {
    items.push(info(`device-${device.index}`, device.name));
    const vram = vramText(device);
    if (vram) items.push(info(`vram-${device.index}`, vram));
    items.push(info(`link-${device.index}`, linkLabel(device)));
  }
  items.push(info('driver', `Driver: ${driverLine(state.driver)}`));
  if (state.probe.error) items.push(info('probe-error', `Last check failed: ${truncate(state.probe.error, 80)}`));
  return items;
}

function hazardItems(hazards: readonly Hazard[], handlers: TrayMenuHandlers): MenuItemConstructorOptions[] {
  if (hazards.length === 0) return [];
  return [
    { type: 'separator' },
    ...hazards.map(
      (hazard): MenuItemConstructorOptions => ({
        id: `hazard-${hazard.id}`,
        // Words, not emoji: a native menu reads like the rest of macOS.
        label: `${SEVERITY_WORDS[hazard.severity]}: ${hazard.title}`,
        toolTip: hazard.why,
        // Details and the fix buttons live in the popover.
        click: () => handlers.openPopover(),
      }),
    ),
  ];
}

function vramText(device: Device): string | null {
  if (device.vramTotalMB === null) return null;
  const note = vramSourceNote(device);
  return `VRAM: ${vramLine(device)}${note ? ` (${note})` : ''}`;
}

function linkLabel(device: Device): string {
  return `Link: ${linkText(device.link)}`;
}

function info(id: string, label: string): MenuItemConstructorOptions {
  return { id, label, enabled: false };
}
