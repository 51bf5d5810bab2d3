// `system_profiler SPThunderboltDataType -json`: Thunderbolt/USB4 buses, their receptacles and
// the devices (enclosures, docks) hanging off them, with the speed each link negotiated.
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, parseError, parsed } from './result';
import { isRecord } from './values';

export interface ThunderboltPort {
  /** Bus node name, e.g. "thunderboltusb4_bus_3". */
  bus: string;
  /** Receptacle id ("1"), or "upstream" for a device's upstream port when no id is given. */
  receptacle: string | null;
  connected: boolean;
  /** Negotiated speed; null when the port only says "Up to …" (nothing negotiated). */
  speedGbps: number | null;
  /** What is plugged in: for a bus receptacle, its first device; for a device entry, the device. */
  deviceName: string | null;
  vendorName: string | null;
  /** e.g. "usb_four_v2", as macOS spells it. */
  mode: string | null;
}

const RECEPTACLE_TAG = /^receptacle_(.+)_tag$/;
const MAX_DEPTH = 8;

function parseSystemProfilerThunderboltJsonUnsafe(stdout: string): ParseResult<ThunderboltPort[]> {
  if (stdout.trim() === '') return parsed([], ['system_profiler printed nothing.']);
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return parseError(`system_profiler SPThunderboltDataType -json did not print JSON; it printed ${firstLineSnippet(stdout)}.`);
  }
  if (!isRecord(doc) || !Array.isArray(doc.SPThunderboltDataType)) {
    return parseError('system_profiler JSON has no "SPThunderboltDataType" list.');
  }

  const warnings: string[] = [];
  const ports: ThunderboltPort[] = [];
  for (const bus of doc.SPThunderboltDataType) {
    if (!isRecord(bus)) {
      warnings.push('Skipped a Thunderbolt bus entry that is not an object.');
      continue;
    }
    const busName = text(bus._name) ?? 'thunderbolt bus';
    const devices = Array.isArray(bus._items) ? bus._items.filter(isRecord) : [];
    const first = devices[0];
    for (const [tagKey, tag] of receptacleTags(bus)) {
      const port = toPort(busName, tagKey, tag, null);
      ports.push(port.connected && first ? { ...port, ...describeDevice(first) } : port);
    }
    collectDevices(busName, devices, ports, 0);
  }
  return parsed(ports, warnings);
}

/** Every device (and daisy-chained devices below it) contributes its upstream receptacle tags. */
function collectDevices(busName: string, devices: Record<string, unknown>[], out: ThunderboltPort[], depth: number): void {
  if (depth >= MAX_DEPTH) return;
  for (const device of devices) {
    for (const [tagKey, tag] of receptacleTags(device)) out.push(toPort(busName, tagKey, tag, device));
    if (Array.isArray(device._items)) collectDevices(busName, device._items.filter(isRecord), out, depth + 1);
  }
}

function receptacleTags(node: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  return Object.entries(node).filter((entry): entry is [string, Record<string, unknown>] => RECEPTACLE_TAG.test(entry[0]) && isRecord(entry[1]));
}

function toPort(bus: string, tagKey: string, tag: Record<string, unknown>, device: Record<string, unknown> | null): ThunderboltPort {
  const fromKey = RECEPTACLE_TAG.exec(tagKey)?.[1] ?? null;
  const receptacle = text(tag.receptacle_id_key) ?? (fromKey?.startsWith('upstream') ? 'upstream' : fromKey);
  const speedGbps = negotiatedGbps(text(tag.current_speed_key));
  const described = device ? describeDevice(device) : { deviceName: null, vendorName: null, mode: null };
  return { bus, receptacle, connected: isConnected(tag, speedGbps), speedGbps, ...described };
}

function describeDevice(device: Record<string, unknown>): Pick<ThunderboltPort, 'deviceName' | 'vendorName' | 'mode'> {
  return {
    deviceName: text(device._name) ?? text(device.device_name_key),
    vendorName: text(device.vendor_name_key),
    mode: text(device.mode_key),
  };
}

function isConnected(tag: Record<string, unknown>, speedGbps: number | null): boolean {
  const status = text(tag.receptacle_status_key);
  if (status !== null) {
    if (/no_devices|not_connected|no device|disconnected/i.test(status)) return false;
    if (/connected/i.test(status)) return true;
  }
  return speedGbps !== null;
}

/** "80 Gb/s" → 80; "Up to 40 Gb/s" is a capability, not a negotiated speed → null. */
function negotiatedGbps(speed: string | null): number | null {
  if (speed === null || /up\s*to/i.test(speed)) return null;
  const match = /(\d+(?:\.\d+)?)\s*Gb(?:it)?\/?s/i.exec(speed);
  return match?.[1] ? Number(match[1]) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export const parseSystemProfilerThunderboltJson = neverThrow(
  'system_profiler SPThunderboltDataType -json',
  parseSystemProfilerThunderboltJsonUnsafe,
);
