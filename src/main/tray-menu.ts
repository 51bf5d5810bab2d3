// What the menu-bar icon shows: its image, tooltip and right-click menu, all derived from AppState.
import type { MenuItemConstructorOptions } from 'electron';
import { LINK_KIND_NAMES, type AppState, type Device, type DriverInfo, type DriverState, type Hazard, type Severity, type TrayState } from '../core/api/schemas';

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
}

export interface TrayMenuPreferences {
  launchAtLogin: boolean;
  /** The update item's current text (UpdateController.menuItem()). */
  update?: { label: string; enabled: boolean; toolTip?: string };
}

export const PRODUCT_NAME = 'eGPU Companion';

/** `state` is null until the core has published its first state. */
export function trayMenuTemplate(
  state: AppState | null,
  handlers: TrayMenuHandlers,
  preferences: TrayMenuPreferences,
): MenuItemConstructorOptions[] {
  return [
    ...(state ? statusItems(state) : [info('summary', 'Checking for an eGPU…')]),
    ...(state ? hazardItems(state.hazards, handlers) : []),
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

const TRAY_ICONS: Record<TrayState, TrayIcon> = {
  ok: { file: 'trayOkTemplate.png', tooltip: 'eGPU connected' },
  warning: { file: 'trayWarningTemplate.png', tooltip: 'eGPU needs attention' },
  disconnected: { file: 'trayDisconnectedTemplate.png', tooltip: 'No eGPU connected' },
  unknown: { file: 'trayUnknownTemplate.png', tooltip: 'eGPU status unknown' },
};

export function trayIconFor(state: TrayState): TrayIcon {
  return TRAY_ICONS[state];
}

const MAX_TOOLTIP_LENGTH = 120;

/** The hover text: the state's one-line summary, or the icon's generic text when there is none. */
export function trayTooltip(state: AppState): string {
  const summary = state.summary.trim();
  const text = summary ? `${PRODUCT_NAME} — ${summary}` : `${PRODUCT_NAME} — ${trayIconFor(state.tray).tooltip}`;
  return truncate(text, MAX_TOOLTIP_LENGTH);
}

function truncate(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function statusItems(state: AppState): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (state.devices.length === 0) {
    items.push(info('summary', state.summary.trim() || noDeviceText(state.tray)));
  }
  for (const device of state.devices) {
    items.push(info(`device-${device.index}`, device.name));
    const vram = vramText(device);
    if (vram) items.push(info(`vram-${device.index}`, vram));
    items.push(info(`link-${device.index}`, linkText(device)));
  }
  items.push(info('driver', driverText(state.driver)));
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
        label: `${SEVERITY_MARKERS[hazard.severity]} ${hazard.title}`,
        toolTip: hazard.why,
        // Details and the fix buttons live in the popover.
        click: () => handlers.openPopover(),
      }),
    ),
  ];
}

const SEVERITY_MARKERS: Record<Severity, string> = {
  critical: '⛔',
  warning: '⚠️',
  info: 'ℹ️',
};

function noDeviceText(tray: TrayState): string {
  return tray === 'unknown' ? 'eGPU status unknown' : 'No eGPU connected';
}

function vramText(device: Device): string | null {
  if (device.vramTotalMB === null) return null;
  const total = formatGigabytes(device.vramTotalMB);
  if (device.vramUsedMB === null) return `VRAM: ${total}`;
  const byModels = device.vramUsedSource === 'ollama' ? ' (Ollama models)' : '';
  return `VRAM: ${formatGigabytes(device.vramUsedMB)} of ${total} used${byModels}`;
}

function formatGigabytes(megabytes: number): string {
  const gigabytes = megabytes / 1024;
  const rounded = gigabytes >= 10 ? Math.round(gigabytes).toString() : gigabytes.toFixed(1).replace(/\.0$/, '');
  return `${rounded} GB`;
}

function linkText(device: Device): string {
  const label = device.link.label.trim() || LINK_KIND_NAMES[device.link.kind];
  return device.link.up === false ? `Link: ${label} (down)` : `Link: ${label}`;
}

const DRIVER_STATE_LABELS: Record<DriverState, string> = {
  ready: 'ready',
  activating: 'activating…',
  'awaiting-approval': 'waiting for approval in System Settings',
  'not-installed': 'not installed',
  'waiting-to-uninstall': 'waiting to uninstall (restart needed)',
  unknown: 'unknown',
};

function driverText(driver: DriverInfo): string {
  const name = [driver.name ?? 'TinyGPU', driver.version].filter(Boolean).join(' ');
  return `Driver: ${name} — ${DRIVER_STATE_LABELS[driver.state]}`;
}

function info(id: string, label: string): MenuItemConstructorOptions {
  return { id, label, enabled: false };
}
