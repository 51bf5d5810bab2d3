// `tinygpu list` (the guide's CLI): "Device N: <name>" blocks of indented "Key: value" lines.
import type { Device, DriverInfo, Link } from '../../api/schemas';
import type { ParseResult } from '../types';
import { deviceKey } from './device-key';
import { parseConnection, UNKNOWN_LINK } from './link';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';
import { leadingNumber, normalizePciId } from './values';
import { vendorFromName, vendorFromPciId } from './vendor';

export interface TinygpuList {
  devices: Device[];
  /** What the CLI said when it listed no device ("No devices found"); null otherwise. */
  message: string | null;
}

const DEVICE_HEADER = /^\s*Device\s*#?\s*(\d+)\s*:\s*(.*?)\s*$/i;
const KEY_VALUE = /^\s*([A-Za-z][\w ./()-]*?)\s*:\s*(.*?)\s*$/;
const NO_DEVICES = /\b(?:no|0|zero)\b.*\b(?:devices?|gpus?)\b/i;

type Field = 'vram' | 'vramUsed' | 'driver' | 'connection' | 'vendorId' | 'deviceId' | 'pciId' | 'utilization';

/** Accepted spellings of each modelled key, lower-cased with single spaces. */
const FIELD_BY_KEY: Readonly<Record<string, Field>> = {
  vram: 'vram',
  'vram total': 'vram',
  memory: 'vram',
  'memory total': 'vram',
  'vram used': 'vramUsed',
  'memory used': 'vramUsed',
  driver: 'driver',
  connection: 'connection',
  link: 'connection',
  interface: 'connection',
  'vendor id': 'vendorId',
  'device id': 'deviceId',
  'pci id': 'pciId',
  utilization: 'utilization',
  'gpu utilization': 'utilization',
};

interface Block {
  index: number;
  name: string;
  line: number;
  fields: Partial<Record<Field, string>>;
  extra: Record<string, string>;
}

function parseTinygpuListUnsafe(stdout: string): ParseResult<TinygpuList> {
  const warnings: string[] = [];
  const blocks: Block[] = [];
  let message: string | null = null;

  splitLines(stdout).forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.trimEnd();
    if (line.trim() === '') return;

    const header = DEVICE_HEADER.exec(line);
    if (header) {
      blocks.push(startBlock(header[1] ?? '', header[2] ?? '', lineNo, blocks.length, warnings));
      return;
    }
    const current = blocks[blocks.length - 1];
    if (!current) {
      // Lines before the first block: a version banner, or the "no devices" message.
      if (message === null && NO_DEVICES.test(line)) message = line.trim();
      return;
    }
    const kv = KEY_VALUE.exec(line);
    if (!kv) {
      warnings.push(`Line ${lineNo} ignored: not a "Key: value" line.`);
      return;
    }
    addField(current, kv[1] ?? '', kv[2] ?? '', lineNo, warnings);
  });

  if (blocks.length === 0) {
    if (message !== null) return parsed({ devices: [], message }, warnings);
    if (stdout.trim() === '') return parseError('tinygpu list printed nothing: expected device blocks or a "No devices" message.');
    return parseError(`tinygpu list printed no "Device N:" blocks; it printed ${firstLineSnippet(stdout)}.`, 1);
  }

  const devices = blocks.map((block) => toDevice(block, warnings));
  return parsed({ devices: withUniqueKeys(devices, warnings), message: null }, warnings);
}

function startBlock(indexText: string, rawName: string, line: number, ordinal: number, warnings: string[]): Block {
  let index = Number(indexText);
  if (!Number.isSafeInteger(index)) {
    warnings.push(`Line ${line}: device number "${indexText}" is out of range; using ${ordinal}.`);
    index = ordinal;
  }
  let name = rawName;
  if (name === '') {
    name = `GPU ${index}`;
    warnings.push(`Line ${line}: device ${index} has no name.`);
  }
  return { index, name, line, fields: {}, extra: {} };
}

function addField(block: Block, rawKey: string, value: string, line: number, warnings: string[]): void {
  const key = rawKey.trim().replace(/\s+/g, ' ');
  const field = FIELD_BY_KEY[key.toLowerCase()];
  if (field === undefined) {
    block.extra[key] = value;
    return;
  }
  if (block.fields[field] !== undefined) warnings.push(`Line ${line}: "${key}" given twice for device ${block.index}; using the last.`);
  block.fields[field] = value;
}

function toDevice(block: Block, warnings: string[]): Device {
  const { fields } = block;
  const where = `device ${block.index}`;
  const vram = fields.vram === undefined ? null : parseMemory(fields.vram);
  if (fields.vram !== undefined && vram === null) warnings.push(`Unreadable VRAM "${fields.vram}" for ${where}.`);
  const vramUsed = fields.vramUsed === undefined ? null : parseMemory(fields.vramUsed);
  if (fields.vramUsed !== undefined && vramUsed === null) warnings.push(`Unreadable VRAM used "${fields.vramUsed}" for ${where}.`);

  const ids = readIds(fields);
  const link: Link = fields.connection === undefined ? UNKNOWN_LINK : parseConnection(fields.connection);
  if (link.kind === 'unknown' && fields.connection !== undefined) {
    warnings.push(`Unrecognised connection "${fields.connection}" for ${where}.`);
  }
  const nameVendor = vendorFromName(block.name);
  const utilization = leadingNumber(fields.utilization);

  return {
    key: deviceKey({ index: block.index, name: block.name, ...ids }),
    index: block.index,
    name: block.name,
    vendor: nameVendor === 'unknown' ? vendorFromPciId(ids.vendorId) : nameVendor,
    vendorId: ids.vendorId,
    deviceId: ids.deviceId,
    vramTotalMB: vram?.megabytes ?? null,
    vramType: vram?.type ?? null,
    vramUsedMB: vramUsed?.megabytes ?? null,
    vramUsedSource: vramUsed ? 'device' : null,
    utilizationPct: utilization !== null && utilization <= 100 ? utilization : null,
    link,
    driver: fields.driver === undefined ? null : parseDriver(fields.driver),
    extra: block.extra,
  };
}

function readIds(fields: Block['fields']): { vendorId: string | null; deviceId: string | null } {
  let vendorId = normalizePciId(fields.vendorId);
  let deviceId = normalizePciId(fields.deviceId);
  // "PCI ID: 10de:2684" carries both.
  const pair = fields.pciId === undefined ? null : /([0-9a-f]{4})\s*:\s*([0-9a-f]{4})/i.exec(fields.pciId);
  if (pair?.[1] && pair[2]) {
    vendorId ??= `0x${pair[1].toLowerCase()}`;
    deviceId ??= `0x${pair[2].toLowerCase()}`;
  }
  return { vendorId, deviceId };
}

const MB_PER_UNIT: Readonly<Record<string, number>> = {
  mb: 1,
  mib: 1,
  gb: 1024,
  gib: 1024,
  tb: 1024 * 1024,
  tib: 1024 * 1024,
};

/**
 * "24576 MB GDDR6X", "24 GB", "24 GiB (GDDR6X)" → megabytes + memory type. The CLI's MB are
 * binary (24576 MB = 24 GiB), so MB and MiB are treated alike. A bare number is taken as MB.
 */
export function parseMemory(text: string): { megabytes: number; type: string | null } | null {
  const match = /^\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d.,e])\s*(?:(mib|mb|gib|gb|tib|tb)\b)?\s*(.*?)\s*$/i.exec(text);
  if (!match?.[1]) return null;
  const amount = Number(match[1].replace(/,/g, ''));
  const megabytes = amount * (MB_PER_UNIT[(match[2] ?? 'mb').toLowerCase()] ?? 1);
  if (!Number.isFinite(megabytes)) return null;
  const type = (match[3] ?? '').replace(/^\(|\)$/g, '').trim();
  return { megabytes, type: type === '' ? null : type };
}

/** "TinyGPU 1.0.2 (Apple Signed)" → name, version, signing; wording such as "not loaded" sets the state. */
export function parseDriver(text: string): DriverInfo {
  const value = text.trim();
  const state = /not\s+(?:installed|loaded)|\bnone\b|\bmissing\b|\bunloaded\b/i.test(value)
    ? 'not-installed'
    : /awaiting|approval|waiting for user/i.test(value)
      ? 'awaiting-approval'
      : /activating|\bloading\b/i.test(value)
        ? 'activating'
        : 'ready';
  const parens = /\(([^()]*)\)\s*$/.exec(value);
  const signing = parens?.[1]?.trim() || null;
  const bare = parens ? value.slice(0, parens.index).trim() : value;
  const version = /\bv?(\d+(?:\.\d+)+(?:[-+][\w.]+)?)\s*$/i.exec(bare);
  const name = version ? bare.slice(0, version.index).trim() : state === 'ready' ? bare : '';
  return {
    state,
    name: name === '' ? null : name,
    version: version?.[1] ?? null,
    signing: state === 'ready' ? signing : null,
    detail: state === 'ready' ? null : value,
  };
}

/** Two blocks with the same number and name would collide; later ones get a suffix. */
function withUniqueKeys(devices: Device[], warnings: string[]): Device[] {
  const seen = new Map<string, number>();
  return devices.map((device) => {
    const count = seen.get(device.key) ?? 0;
    seen.set(device.key, count + 1);
    if (count === 0) return device;
    warnings.push(`Device ${device.index} (${device.name}) is listed more than once.`);
    return { ...device, key: `${device.key}~${count + 1}` };
  });
}

export const parseTinygpuList = neverThrow('tinygpu list', parseTinygpuListUnsafe);
