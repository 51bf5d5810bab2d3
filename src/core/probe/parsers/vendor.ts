// Tells the GPU vendor from a marketing name or a PCI vendor id.
import type { GpuVendor } from '../../api/schemas';

const NAME_PATTERNS: ReadonlyArray<readonly [RegExp, GpuVendor]> = [
  [/\b(?:nvidia|geforce|rtx|gtx|quadro|tesla|titan)\b/i, 'nvidia'],
  [/\b(?:amd|radeon|ati|instinct)\b|\brx\s?\d{3,4}\b/i, 'amd'],
  [/\b(?:intel|arc)\b/i, 'intel'],
];

export function vendorFromName(name: string): GpuVendor {
  for (const [pattern, vendor] of NAME_PATTERNS) if (pattern.test(name)) return vendor;
  return 'unknown';
}

const VENDOR_IDS: Readonly<Record<string, GpuVendor>> = {
  '0x10de': 'nvidia',
  '0x1002': 'amd',
  '0x8086': 'intel',
};

export function vendorFromPciId(vendorId: string | null): GpuVendor {
  return (vendorId !== null && VENDOR_IDS[vendorId]) || 'unknown';
}
