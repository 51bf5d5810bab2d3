// `nvidia-smi --query-gpu=… --format=csv` (noheader/nounits or with header and units).
import type { Device, LinkKind } from '../../api/schemas';
import type { ParseResult } from '../types';
import { deviceKey } from './device-key';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';
import { leadingNumber, positiveIntOrNull } from './values';

/** The fields the nvidia-smi source asks for, in this order. */
export const NVIDIA_SMI_QUERY_FIELDS = [
  'index',
  'name',
  'memory.total',
  'memory.used',
  'utilization.gpu',
  'pcie.link.gen.current',
  'pcie.link.width.current',
  'pcie.link.gen.max',
  'pcie.link.width.max',
] as const;

export type NvidiaSmiField = (typeof NVIDIA_SMI_QUERY_FIELDS)[number];

/** argv for the query this parser reads. */
export const NVIDIA_SMI_ARGS: readonly string[] = [
  `--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(',')}`,
  '--format=csv,noheader,nounits',
];

export interface NvidiaSmiGpu {
  index: number;
  name: string;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  utilizationPct: number | null;
  pcieGenCurrent: number | null;
  pcieWidthCurrent: number | null;
  pcieGenMax: number | null;
  pcieWidthMax: number | null;
}

/** Newer drivers name some fields differently; both spellings map to ours. */
const FIELD_ALIASES: Readonly<Record<string, NvidiaSmiField>> = {
  'pcie.link.gen.gpucurrent': 'pcie.link.gen.current',
  'pcie.link.gen.gpumax': 'pcie.link.gen.max',
};

function parseNvidiaSmiUnsafe(stdout: string): ParseResult<NvidiaSmiGpu[]> {
  const warnings: string[] = [];
  const lines = splitLines(stdout)
    .map((line, i) => ({ text: line.trim(), number: i + 1 }))
    .filter((line) => line.text !== '');
  if (lines.length === 0) return parseError('nvidia-smi printed nothing.');
  if (lines.some((line) => /no devices were found/i.test(line.text))) return parsed([], warnings);

  let columns: Array<NvidiaSmiField | null> = [...NVIDIA_SMI_QUERY_FIELDS];
  let dataLines = lines;
  const first = lines[0];
  if (first && isHeader(first.text)) {
    columns = splitCsv(first.text).map(fieldFromHeader);
    dataLines = lines.slice(1);
  }

  const gpus: NvidiaSmiGpu[] = [];
  for (const line of dataLines) {
    const cells = splitCsv(line.text);
    if (!/^\d+$/.test(cells[0] ?? '')) {
      // nvidia-smi prints its own errors ("NVIDIA-SMI has failed…") on stdout.
      if (gpus.length === 0) return parseError(`nvidia-smi did not print GPU rows; it printed ${firstLineSnippet(line.text)}.`, line.number);
      warnings.push(`Line ${line.number} ignored: not a GPU row.`);
      continue;
    }
    if (cells.length !== columns.length) {
      warnings.push(`Line ${line.number} has ${cells.length} columns, expected ${columns.length}.`);
    }
    const gpu = toGpu(columns, cells);
    if (!Number.isSafeInteger(gpu.index)) {
      warnings.push(`Line ${line.number}: GPU index out of range; using ${gpus.length}.`);
      gpu.index = gpus.length;
    }
    gpus.push(gpu);
  }
  return parsed(gpus, warnings);
}

/** A header names fields ("index, name, memory.used [MiB]") instead of starting with a GPU number. */
function isHeader(line: string): boolean {
  const cells = splitCsv(line);
  return !/^\d+$/.test(cells[0] ?? '') && cells.some((cell) => fieldFromHeader(cell) !== null);
}

function fieldFromHeader(header: string): NvidiaSmiField | null {
  const name = header.replace(/\s*\[[^\]]*\]\s*$/, '').trim().toLowerCase();
  const known = (NVIDIA_SMI_QUERY_FIELDS as readonly string[]).includes(name) ? (name as NvidiaSmiField) : undefined;
  return known ?? FIELD_ALIASES[name] ?? null;
}

/** nvidia-smi quotes nothing, and GPU names carry no commas, so a plain split is exact. */
function splitCsv(line: string): string[] {
  return line.split(',').map((cell) => cell.trim());
}

function toGpu(columns: Array<NvidiaSmiField | null>, cells: string[]): NvidiaSmiGpu {
  const cell = (field: NvidiaSmiField): string | undefined => {
    const at = columns.indexOf(field);
    return at === -1 ? undefined : cells[at];
  };
  // "[N/A]" / "[Not Supported]" / "N/A" all read as unknown.
  const number = (field: NvidiaSmiField): number | null => leadingNumber(cell(field));
  const count = (field: NvidiaSmiField): number | null => {
    const value = number(field);
    return value === null ? null : positiveIntOrNull(value);
  };
  const utilization = number('utilization.gpu');
  return {
    index: Number(cell('index') ?? 0),
    name: cell('name') || 'NVIDIA GPU',
    memoryTotalMiB: number('memory.total'),
    memoryUsedMiB: number('memory.used'),
    utilizationPct: utilization !== null && utilization <= 100 ? utilization : null,
    pcieGenCurrent: count('pcie.link.gen.current'),
    pcieWidthCurrent: count('pcie.link.width.current'),
    pcieGenMax: count('pcie.link.gen.max'),
    pcieWidthMax: count('pcie.link.width.max'),
  };
}

/** A Device for the monitor. nvidia-smi sees the PCIe link only, so the kind is 'pcie' unless told. */
export function nvidiaSmiToDevice(gpu: NvidiaSmiGpu, linkKind: LinkKind = 'pcie'): Device {
  const current = describeLink(gpu.pcieWidthCurrent, gpu.pcieGenCurrent);
  const max = describeLink(gpu.pcieWidthMax, gpu.pcieGenMax);
  const extra: Record<string, string> = {};
  if (max !== '') extra['Max PCIe link'] = max;
  return {
    key: deviceKey({ index: gpu.index, name: gpu.name }),
    index: gpu.index,
    name: gpu.name,
    vendor: 'nvidia',
    vendorId: '0x10de',
    deviceId: null,
    vramTotalMB: gpu.memoryTotalMiB,
    vramType: null,
    vramUsedMB: gpu.memoryUsedMiB,
    vramUsedSource: gpu.memoryUsedMiB === null ? null : 'device',
    utilizationPct: gpu.utilizationPct,
    link: {
      kind: linkKind,
      label: current === '' ? 'PCIe' : `PCIe ${current}`,
      pcieWidth: gpu.pcieWidthCurrent,
      pcieGen: gpu.pcieGenCurrent,
      up: null,
    },
    driver: null,
    extra,
  };
}

function describeLink(width: number | null, gen: number | null): string {
  return [width === null ? '' : `x${width}`, gen === null ? '' : `Gen${gen}`].filter((part) => part !== '').join(' ');
}

export const parseNvidiaSmi = neverThrow('nvidia-smi', parseNvidiaSmiUnsafe);
