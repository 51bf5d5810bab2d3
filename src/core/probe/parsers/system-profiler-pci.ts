// `system_profiler SPPCIDataType` (text and -json): PCI devices macOS sees, including the eGPU
// behind a Thunderbolt/USB4 tunnel. Keys vary across macOS versions, so every field is optional.
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';
import { isRecord, normalizePciId, parseGTs, parseLaneWidth, parseYesNo, pcieGenFromGTs } from './values';

export interface PciDevice {
  name: string;
  /** Lower-case hex, e.g. "0x10de". */
  vendorId: string | null;
  deviceId: string | null;
  /** e.g. "Thunderbolt@3,0,0" or "Internal@0,2,0". */
  slot: string | null;
  thunderbolt: boolean;
  linkWidth: number | null;
  linkSpeedGTs: number | null;
  pcieGen: number | null;
  linkUp: boolean | null;
  driverInstalled: boolean | null;
  /** e.g. "VGA-Compatible Controller", "3D Controller" (TinyGPU binds VGA only). */
  deviceType: string | null;
}

/** A vendor id of all ones means config reads fail: the device is gone or the link is dead. */
export function isDeadVendorId(id: string | null | undefined): boolean {
  const normalized = normalizePciId(id);
  return normalized !== null && /^0x(?:ffff|ffffffff)$/.test(normalized);
}

interface RawFields {
  name: string;
  /** A second name some dumps carry ("Name:" / "sppci_name"). */
  altName?: string;
  vendorId?: string;
  deviceId?: string;
  slot?: string;
  linkWidth?: string;
  linkSpeed?: string;
  linkStatus?: string;
  driverInstalled?: string;
  deviceType?: string;
}

function toPciDevice(raw: RawFields): PciDevice {
  const slot = raw.slot?.trim() || null;
  const linkSpeedGTs = parseGTs(raw.linkSpeed);
  return {
    name: pickName(raw.name, raw.altName),
    vendorId: normalizePciId(raw.vendorId),
    deviceId: normalizePciId(raw.deviceId),
    slot,
    thunderbolt: slot !== null && /^thunderbolt@/i.test(slot),
    linkWidth: parseLaneWidth(raw.linkWidth),
    linkSpeedGTs,
    pcieGen: pcieGenFromGTs(linkSpeedGTs),
    linkUp: parseLinkStatus(raw.linkStatus),
    driverInstalled: parseYesNo(raw.driverInstalled),
    deviceType: raw.deviceType?.trim() || null,
  };
}

/** Node names such as "pci10de,2684" or "display" say less than a model name; prefer the latter. */
function pickName(heading: string, alternative: string | undefined): string {
  const generic = (name: string) => /^pci[0-9a-f]{4},[0-9a-f]{4}$/i.test(name) || /^[a-z-]+$/.test(name);
  const other = alternative?.trim();
  if (other && generic(heading) && !generic(other)) return other;
  return heading || other || 'Unnamed PCI device';
}

function parseLinkStatus(text: string | undefined): boolean | null {
  if (text === undefined) return null;
  if (/down|inactive/i.test(text)) return false;
  if (/\bup\b|_up\b|active/i.test(text)) return true;
  return null;
}

// ---- JSON ---------------------------------------------------------------------------------------

const JSON_KEYS: ReadonlyArray<readonly [keyof Omit<RawFields, 'name'>, readonly string[]]> = [
  ['altName', ['sppci_name']],
  ['vendorId', ['sppci_vendor-id', 'sppci_vendor_id']],
  ['deviceId', ['sppci_device-id', 'sppci_device_id']],
  ['slot', ['sppci_slot_name', 'sppci_slot-name']],
  ['linkWidth', ['sppci_link-width', 'sppci_link_width']],
  ['linkSpeed', ['sppci_link-speed', 'sppci_link_speed']],
  ['linkStatus', ['sppci_link-status', 'sppci_link_status']],
  ['driverInstalled', ['sppci_driver_installed', 'sppci_driver-installed']],
  ['deviceType', ['sppci_device_type', 'sppci_device-type']],
];

function parseSystemProfilerPciJsonUnsafe(stdout: string): ParseResult<PciDevice[]> {
  if (stdout.trim() === '') return parsed([], ['system_profiler printed nothing.']);
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return parseError(`system_profiler SPPCIDataType -json did not print JSON; it printed ${firstLineSnippet(stdout)}.`);
  }
  if (!isRecord(doc) || !('SPPCIDataType' in doc)) {
    return parseError('system_profiler JSON has no "SPPCIDataType" list.');
  }
  const list = doc.SPPCIDataType;
  if (!Array.isArray(list)) return parseError('system_profiler JSON "SPPCIDataType" is not a list.');

  const warnings: string[] = [];
  const devices: PciDevice[] = [];
  collectJsonItems(list, devices, warnings, 0);
  return parsed(devices, warnings);
}

/** Entries are normally flat; some layouts nest devices under "_items", so walk those too. */
function collectJsonItems(items: unknown[], out: PciDevice[], warnings: string[], depth: number): void {
  for (const item of items) {
    if (!isRecord(item)) {
      warnings.push('Skipped a PCI entry that is not an object.');
      continue;
    }
    const nested = Array.isArray(item._items);
    const hasOwnData = Object.keys(item).some((key) => key.startsWith('sppci_'));
    if (hasOwnData || (!nested && typeof item._name === 'string')) out.push(toPciDevice(readJsonFields(item)));
    if (nested && Array.isArray(item._items) && depth < 8) collectJsonItems(item._items, out, warnings, depth + 1);
  }
}

function readJsonFields(item: Record<string, unknown>): RawFields {
  const fields: RawFields = { name: stringOf(item._name)?.trim() ?? '' };
  for (const [field, keys] of JSON_KEYS) {
    const value = keys.map((key) => stringOf(item[key])).find((text) => text !== undefined);
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// ---- Text ---------------------------------------------------------------------------------------

const TEXT_KEYS: Readonly<Record<string, keyof Omit<RawFields, 'name'>>> = {
  name: 'altName',
  'vendor id': 'vendorId',
  'device id': 'deviceId',
  slot: 'slot',
  'link width': 'linkWidth',
  'link speed': 'linkSpeed',
  'link status': 'linkStatus',
  'driver installed': 'driverInstalled',
  type: 'deviceType',
};

const HEADING = /^(\s*)(\S.*?):\s*$/;
const KEY_VALUE = /^\s*([^:]+?):\s+(\S.*?)\s*$/;

function parseSystemProfilerPciTextUnsafe(stdout: string): ParseResult<PciDevice[]> {
  const warnings: string[] = [];
  const found: RawFields[] = [];
  let current: RawFields | null = null;
  let recognised = 0;

  splitLines(stdout).forEach((line, i) => {
    if (line.trim() === '') return;
    const heading = HEADING.exec(line);
    if (heading) {
      recognised += 1;
      // "PCI:" (unindented) is the data type's own title; indented headings are devices.
      if ((heading[1] ?? '').length === 0 && /^pci$/i.test(heading[2] ?? '')) return;
      current = { name: (heading[2] ?? '').trim() };
      found.push(current);
      return;
    }
    const kv = KEY_VALUE.exec(line);
    if (kv && current) {
      recognised += 1;
      const field = TEXT_KEYS[(kv[1] ?? '').trim().toLowerCase()];
      if (field) current[field] = kv[2] ?? '';
      return;
    }
    warnings.push(`Line ${i + 1} ignored: ${kv ? 'a property before any device' : 'not a "Key: value" line'}.`);
  });

  if (recognised === 0 && stdout.trim() !== '') {
    return parseError(`system_profiler SPPCIDataType printed no PCI devices list; it printed ${firstLineSnippet(stdout)}.`, 1);
  }
  return parsed(found.map(toPciDevice), warnings);
}

export const parseSystemProfilerPciJson = neverThrow('system_profiler SPPCIDataType -json', parseSystemProfilerPciJsonUnsafe);
export const parseSystemProfilerPciText = neverThrow('system_profiler SPPCIDataType', parseSystemProfilerPciTextUnsafe);
