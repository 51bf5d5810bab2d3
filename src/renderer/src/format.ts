// Pure formatting for what the popover shows.
import { LINK_KIND_NAMES, type Device, type DriverInfo, type DriverState, type Link, type TrayState } from '../../core/api/schemas';

/** "Thunderbolt 4 · PCIe x4 Gen4" */
export function linkBadge(link: Link): string {
  const pcie = [link.pcieWidth ? `x${link.pcieWidth}` : null, link.pcieGen ? `Gen${link.pcieGen}` : null].filter(Boolean).join(' ');
  const name = link.kind === 'unknown' ? link.label.replace(/\s*\(.*\)$/, '') || LINK_KIND_NAMES.unknown : LINK_KIND_NAMES[link.kind];
  if (link.kind === 'pcie') return pcie ? `PCIe ${pcie}` : 'PCIe';
  return pcie ? `${name} · PCIe ${pcie}` : name;
}

export function formatMB(mb: number): string {
  return `${Math.round(mb)} MB`;
}

export function vramLine(device: Device): string {
  if (device.vramTotalMB === null) return 'VRAM unknown';
  const type = device.vramType ? ` ${device.vramType}` : '';
  if (device.vramUsedMB === null) return `${formatMB(device.vramTotalMB)}${type}`;
  return `${formatMB(device.vramUsedMB)} of ${formatMB(device.vramTotalMB)}${type} in use`;
}

export function vramFraction(device: Device): number | null {
  if (device.vramTotalMB === null || device.vramUsedMB === null || device.vramTotalMB === 0) return null;
  return Math.min(1, Math.max(0, device.vramUsedMB / device.vramTotalMB));
}

const DRIVER_STATE_TEXT: Record<DriverState, string> = {
  ready: 'ready',
  activating: 'activating…',
  'awaiting-approval': 'awaiting approval',
  'not-installed': 'not installed',
  'waiting-to-uninstall': 'waiting to uninstall',
  disabled: 'switched off in System Settings',
  unknown: 'state unknown',
};

export function driverLine(driver: DriverInfo): string {
  const name = [driver.name ?? 'TinyGPU', driver.version].filter(Boolean).join(' ');
  const signing = driver.signing ? ` (${driver.signing})` : '';
  return `${name}${signing} — ${DRIVER_STATE_TEXT[driver.state]}`;
}

export const TRAY_LABELS: Record<TrayState, string> = {
  ok: 'Ready',
  warning: 'Needs attention',
  disconnected: 'Disconnected',
  unknown: 'Status unknown',
};

export function timeAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : new Date(at).toLocaleTimeString();
}
