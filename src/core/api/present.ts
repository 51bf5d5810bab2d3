// The app's one vocabulary: every word and number format the tray menu, the popover, the event log
// and the CLI show for devices, links, VRAM, driver states, tray states and hazard severities.
// Renderer-safe (no Node modules); pure functions of contract values.
import { DOCTOR_SCENARIO_WORDS } from './present-doctor';
import type { DemoScenario, Device, DriverInfo, DriverState, Hazard, Link, LinkKind, Severity, TrayState } from './schemas';

export const PRODUCT_NAME = 'eGPU Companion';

/** How a driver state reads after "TinyGPU driver is …" or "TinyGPU 1.0 — …". */
export const DRIVER_STATE_WORDS: Record<DriverState, string> = {
  ready: 'ready',
  activating: 'activating…',
  'awaiting-approval': 'waiting for approval in System Settings',
  'not-installed': 'not installed',
  'waiting-to-uninstall': 'waiting to uninstall (restart to finish)',
  disabled: 'switched off in System Settings',
  unknown: 'state unknown',
};

/** "TinyGPU 1.0.3 (signed) — ready" */
export function driverLine(driver: DriverInfo): string {
  const name = [driver.name ?? 'TinyGPU', driver.version].filter(Boolean).join(' ');
  const signing = driver.signing ? ` (${driver.signing})` : '';
  return `${name}${signing} — ${DRIVER_STATE_WORDS[driver.state]}`;
}

/** The headline when no GPU is shown and the driver explains why. */
const DRIVER_SUMMARY: Partial<Record<DriverState, string>> = {
  'not-installed': 'TinyGPU driver not installed',
  'awaiting-approval': 'TinyGPU driver waiting for approval in System Settings',
  activating: 'TinyGPU driver activating…',
  'waiting-to-uninstall': 'TinyGPU driver waiting to uninstall: restart to finish',
  disabled: 'TinyGPU driver switched off in System Settings',
};

/** One word per tray state, as the popover header shows it. */
export const TRAY_STATE_WORDS: Record<TrayState, string> = {
  ok: 'Ready',
  warning: 'Needs attention',
  disconnected: 'Disconnected',
  unknown: 'Status unknown',
};

/** The generic hover text of each tray icon, used before a summary exists. */
export const TRAY_ICON_TEXT: Record<TrayState, string> = {
  ok: 'eGPU connected',
  warning: 'eGPU needs attention',
  disconnected: 'No eGPU connected',
  unknown: 'eGPU status unknown',
};

const MAX_TOOLTIP_LENGTH = 120;

/** The menu-bar hover text: "eGPU Companion — RTX 4090 · 24 GB · TB4 x4 Gen4". */
export function trayTooltip(tray: TrayState, summary: string): string {
  const text = `${PRODUCT_NAME} — ${summary.trim() || TRAY_ICON_TEXT[tray]}`;
  return truncate(text, MAX_TOOLTIP_LENGTH);
}

export function truncate(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

export const SEVERITY_WORDS: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Note' };

/** The demo's scenario picker. */
export const DEMO_SCENARIO_WORDS: Record<DemoScenario, string> = {
  connected: 'Connected',
  absent: 'Unplugged',
  'driver-not-loaded': 'Driver not loaded',
  'awaiting-approval': 'Waiting for approval',
  'degraded-link': 'Degraded link',
  ...DOCTOR_SCENARIO_WORDS,
  hung: 'Probe hangs',
  crashing: 'Probe crashes',
  garbage: 'Garbage output',
};

/** How each link kind is named to a person, everywhere the app shows it. */
export const LINK_KIND_NAMES: Record<LinkKind, string> = {
  thunderbolt5: 'Thunderbolt 5',
  thunderbolt4: 'Thunderbolt 4',
  thunderbolt3: 'Thunderbolt 3',
  usb4: 'USB4',
  usb3: 'USB 3',
  pcie: 'PCIe',
  unknown: 'Unknown link',
};

const LINK_KIND_SHORT: Record<LinkKind, string> = {
  thunderbolt5: 'TB5',
  thunderbolt4: 'TB4',
  thunderbolt3: 'TB3',
  usb4: 'USB4',
  usb3: 'USB 3',
  pcie: 'PCIe',
  unknown: '',
};

function pcieParts(link: Link): string {
  const parts: string[] = [];
  if (link.pcieWidth !== null) parts.push(`x${link.pcieWidth}`);
  if (link.pcieGen !== null) parts.push(`Gen${link.pcieGen}`);
  return parts.join(' ');
}

/** "Thunderbolt 4 · PCIe x4 Gen4", "USB 3 (link down)". */
export function linkText(link: Link): string {
  const pcie = pcieParts(link);
  const down = link.up === false ? ' (link down)' : '';
  if (link.kind === 'unknown') {
    // A source's own text may already carry the PCIe details in brackets; the badge stays short.
    const label = link.label.replace(/\s*\(.*\)$/, '').trim() || LINK_KIND_NAMES.unknown;
    return `${label}${pcie ? ` · PCIe ${pcie}` : ''}${down}`;
  }
  if (link.kind === 'pcie') return `PCIe${pcie ? ` ${pcie}` : ''}${down}`;
  return `${LINK_KIND_NAMES[link.kind]}${pcie ? ` · PCIe ${pcie}` : ''}${down}`;
}

/** "TB4 x4 Gen4" for the one-line summary. */
export function shortLinkText(link: Link): string {
  const text = [LINK_KIND_SHORT[link.kind], pcieParts(link)].filter((part) => part !== '').join(' ');
  return text || 'link unknown';
}

/** 512 → "512 MB", 8192 → "8 GB", 5632 → "5.5 GB", 24576 → "24 GB". */
export function formatVram(mb: number): string {
  if (mb < 1024) return `${Math.round(mb)} MB`;
  const gigabytes = mb / 1024;
  const rounded = gigabytes >= 10 ? Math.round(gigabytes).toString() : (Math.round(gigabytes * 10) / 10).toString();
  return `${rounded} GB`;
}

/** "5.5 GB of 24 GB GDDR6X in use", "24 GB GDDR6X", "VRAM unknown". */
export function vramLine(device: Device): string {
  if (device.vramTotalMB === null) return 'VRAM unknown';
  const total = `${formatVram(device.vramTotalMB)}${device.vramType ? ` ${device.vramType}` : ''}`;
  if (device.vramUsedMB === null) return total;
  return `${formatVram(device.vramUsedMB)} of ${total} in use`;
}

/** Where the "in use" figure came from, when it is not the GPU itself. */
export function vramSourceNote(device: Device): string | null {
  return device.vramUsedMB !== null && device.vramUsedSource === 'ollama' ? 'by Ollama models' : null;
}

/** "NVIDIA GeForce RTX 4090" → "RTX 4090"; "AMD Radeon RX 7900 XTX" → "RX 7900 XTX". */
export function shortGpuName(name: string): string {
  const short = name
    .trim()
    .replace(/^(?:nvidia|amd|ati|intel)(?:\s+corporation)?\s+/i, '')
    .replace(/^(?:geforce|radeon)\s+/i, '')
    .trim();
  return short || name.trim() || 'GPU';
}

/** "24 GB, Thunderbolt 4 · PCIe x4 Gen4" */
export function deviceDetails(device: Device): string {
  const vram = device.vramTotalMB === null ? null : formatVram(device.vramTotalMB);
  return [vram, linkText(device.link)].filter((part): part is string => part !== null).join(', ');
}

/** "NVIDIA GeForce RTX 4090 (24 GB, Thunderbolt 4 · PCIe x4 Gen4)" */
export function describeDevice(device: Device): string {
  return `${device.name} (${deviceDetails(device)})`;
}

/** "RTX 4090 · 24 GB · TB4 x4 Gen4" */
export function deviceSummary(device: Device): string {
  const parts = [shortGpuName(device.name)];
  if (device.vramTotalMB !== null) parts.push(formatVram(device.vramTotalMB));
  parts.push(shortLinkText(device.link));
  return parts.join(' · ');
}

export interface SummaryInput {
  /** No successful probe yet. */
  checking: boolean;
  /** The last probe's error while probes fail, else null. */
  probeError: string | null;
  devices: Device[];
  driverState: DriverState;
  /** Sorted most severe first. */
  hazards: Hazard[];
}

/** The one line under the tray icon and atop the popover. */
export function summaryLine(input: SummaryInput): string {
  if (input.probeError !== null) return `Can't read the eGPU status: ${input.probeError}`;
  if (input.checking) return 'Checking the eGPU…';
  const top = input.hazards.find((hazard) => hazard.severity !== 'info');
  const [first, ...others] = input.devices;
  if (!first) {
    if (top?.severity === 'critical') return top.title;
    return DRIVER_SUMMARY[input.driverState] ?? TRAY_ICON_TEXT.disconnected;
  }
  if (top) return `${shortGpuName(first.name)}: ${top.title}`;
  return others.length > 0 ? `${deviceSummary(first)} (+${others.length} more)` : deviceSummary(first);
}

// The inference and power words live in their own files; this stays the one place to import words from.
export * from './present-inference';
export * from './present-power';
