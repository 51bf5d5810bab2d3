// Turns the monitor's memory and the current hazards into the AppState the tray and popover show,
// and holds the short texts that name a device for people.
import type { AppState, Device, DriverState, Hazard, Notice, TrayState } from '../api/schemas';
import { linkText, shortLinkText } from './link-quality';
import type { MonitorState } from './reducer';

/** "NVIDIA GeForce RTX 4090" → "RTX 4090"; "AMD Radeon RX 7900 XTX" → "RX 7900 XTX". */
export function shortGpuName(name: string): string {
  const short = name
    .trim()
    .replace(/^(?:nvidia|amd|ati|intel)(?:\s+corporation)?\s+/i, '')
    .replace(/^(?:geforce|radeon)\s+/i, '')
    .trim();
  return short || name.trim() || 'GPU';
}

/** "24576 MB, Thunderbolt 4 · PCIe x4 Gen4" */
export function deviceDetails(device: Device): string {
  const vram = device.vramTotalMB === null ? null : `${Math.round(device.vramTotalMB)} MB`;
  return [vram, linkText(device.link)].filter((part): part is string => part !== null).join(', ');
}

/** "NVIDIA GeForce RTX 4090 (24576 MB, Thunderbolt 4 · PCIe x4 Gen4)" */
export function describeDevice(device: Device): string {
  return `${device.name} (${deviceDetails(device)})`;
}

function formatVram(mb: number): string {
  if (mb < 1024) return `${Math.round(mb)} MB`;
  return `${Math.round((mb / 1024) * 10) / 10} GB`;
}

/** "RTX 4090 · 24 GB · TB4 x4 Gen4" */
export function deviceSummary(device: Device): string {
  const parts = [shortGpuName(device.name)];
  if (device.vramTotalMB !== null) parts.push(formatVram(device.vramTotalMB));
  parts.push(shortLinkText(device.link));
  return parts.join(' · ');
}

const DRIVER_SUMMARY: Partial<Record<DriverState, string>> = {
  'not-installed': 'TinyGPU driver not installed',
  'awaiting-approval': 'Driver awaiting approval',
  activating: 'Driver activating…',
  'waiting-to-uninstall': 'Driver waiting to uninstall: restart to finish',
};

export function isProbeFailing(state: MonitorState): boolean {
  return state.probe.consecutiveFailures > 0;
}

function trayState(state: MonitorState, hazards: Hazard[]): TrayState {
  if (state.lastSuccess === null || isProbeFailing(state)) return 'unknown';
  if (state.devices.length === 0) return 'disconnected';
  if (hazards.some((hazard) => hazard.severity !== 'info')) return 'warning';
  return 'ok';
}

function summaryLine(state: MonitorState, hazards: Hazard[]): string {
  if (isProbeFailing(state)) return `Can't read the eGPU status: ${state.probe.error ?? 'the probe failed'}`;
  if (state.lastSuccess === null) return 'Checking the eGPU…';
  const top = hazards.find((hazard) => hazard.severity !== 'info');
  const [first, ...others] = state.devices;
  if (!first) {
    if (top?.severity === 'critical') return top.title;
    return DRIVER_SUMMARY[state.driver.state] ?? 'No eGPU connected';
  }
  if (top) return `${shortGpuName(first.name)}: ${top.title}`;
  return others.length > 0 ? `${deviceSummary(first)} (+${others.length} more)` : deviceSummary(first);
}

export interface AppStateExtras {
  notices: Notice[];
  demo: AppState['demo'];
  intervalMs: number;
}

export function toAppState(state: MonitorState, hazards: Hazard[], extras: AppStateExtras): AppState {
  const showDevices = state.lastSuccess !== null && !isProbeFailing(state);
  return {
    tray: trayState(state, hazards),
    summary: summaryLine(state, hazards),
    devices: showDevices ? state.devices : [],
    driver: state.driver,
    health: state.health,
    hazards,
    probe: {
      lastAt: state.probe.lastAt,
      source: state.probe.source,
      error: state.probe.error,
      consecutiveFailures: state.probe.consecutiveFailures,
      intervalMs: extras.intervalMs,
    },
    notices: extras.notices,
    demo: extras.demo,
  };
}
