// Which GPUs TinyGPU can run, from resources/gpu-support.json (validated at import, so a broken
// table fails loudly in tests rather than quietly at a user's desk).
import { z } from 'zod';
import data from '../../../resources/gpu-support.json';
import { GpuVendorSchema, type GpuVendor } from '../api/schemas';
import { isDeadVendorId } from './parsers/system-profiler-pci';
import { normalizePciId } from './parsers/values';
import { vendorFromName, vendorFromPciId } from './parsers/vendor';

export const SupportStatusSchema = z.enum(['supported', 'unsupported', 'experimental', 'unknown']);
export type SupportStatus = z.infer<typeof SupportStatusSchema>;

export interface GpuSupport {
  status: SupportStatus;
  family: string | null;
  /** One sentence a user can read. */
  reason: string;
}

export interface GpuIdentity {
  vendorId?: string | null;
  deviceId?: string | null;
  name?: string | null;
}

const hexId = z.string().regex(/^0x[0-9a-f]{4}$/, 'a lower-case 16-bit id such as "0x10de"');

const FamilySchema = z.object({
  status: SupportStatusSchema,
  family: z.string().min(1),
  deviceIdMask: hexId,
  deviceIds: z.array(hexId).min(1),
  reason: z.string().min(1).optional(),
});

const VendorTableSchema = z.object({
  vendorId: hexId,
  vendorName: z.string().min(1),
  families: z.array(FamilySchema),
  otherwise: z.object({ status: SupportStatusSchema, family: z.string().min(1).optional(), reason: z.string().min(1) }),
});

const NameRuleSchema = z.object({
  vendor: GpuVendorSchema,
  pattern: z.string().refine(compiles, 'a valid regular expression'),
  status: SupportStatusSchema,
  family: z.string().min(1),
  reason: z.string().min(1).optional(),
});

export const GpuSupportTableSchema = z.object({
  about: z.string(),
  vendors: z.array(VendorTableSchema),
  nameRules: z.array(NameRuleSchema),
});
export type GpuSupportTable = z.infer<typeof GpuSupportTableSchema>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    // This function is the validity test: a pattern that does not compile answers false.
    return false;
  }
}

const table: GpuSupportTable = GpuSupportTableSchema.parse(data);
const nameRules = table.nameRules.map((rule) => ({ ...rule, regex: new RegExp(rule.pattern, 'i') }));

/** What TinyGPU can do with this GPU. PCI ids decide when known; the name is the fallback. */
export function gpuSupport(input: GpuIdentity): GpuSupport {
  const vendorId = normalizePciId(input.vendorId);
  const deviceId = normalizePciId(input.deviceId);
  const name = input.name?.trim() ?? '';

  if (isDeadVendorId(input.vendorId)) {
    return {
      status: 'unknown',
      family: null,
      reason: 'The GPU answers with all-ones PCI ids, so the link is dead; power-cycle the enclosure and reconnect.',
    };
  }
  const idVendor = vendorFromPciId(vendorId);
  const nameVendor = name === '' ? 'unknown' : vendorFromName(name);
  if (idVendor !== 'unknown' && nameVendor !== 'unknown' && idVendor !== nameVendor) {
    return {
      status: 'unknown',
      family: null,
      reason: `The PCI vendor id (${vendorId}) does not match the name "${name}"; the enclosure's bridge firmware may be misreporting the GPU.`,
    };
  }
  const vendorTable = table.vendors.find((entry) => entry.vendorId === vendorId);
  if (vendorTable && (deviceId !== null || vendorTable.families.length === 0)) {
    return byPciId(vendorTable, deviceId);
  }
  if (name !== '') return byName(name, idVendor === 'unknown' ? nameVendor : idVendor);
  if (vendorId !== null && !vendorTable) {
    return { status: 'unsupported', family: null, reason: `PCI vendor ${vendorId} is not NVIDIA or AMD; TinyGPU drives only those.` };
  }
  return { status: 'unknown', family: null, reason: 'Not enough is known about this GPU to tell whether TinyGPU supports it.' };
}

function byPciId(vendor: GpuSupportTable['vendors'][number], deviceId: string | null): GpuSupport {
  const id = deviceId === null ? null : Number.parseInt(deviceId.slice(2), 16);
  const family =
    id === null
      ? undefined
      : vendor.families.find((entry) => {
          const mask = Number.parseInt(entry.deviceIdMask.slice(2), 16);
          return entry.deviceIds.some((candidate) => (id & mask) === Number.parseInt(candidate.slice(2), 16));
        });
  if (!family) return { status: vendor.otherwise.status, family: vendor.otherwise.family ?? null, reason: vendor.otherwise.reason };
  const subject = `${vendor.vendorName} device ${deviceId ?? ''}`.trim();
  return { status: family.status, family: family.family, reason: family.reason ?? describe(subject, family.status, family.family) };
}

function byName(name: string, vendor: GpuVendor): GpuSupport {
  const rule = nameRules.find((entry) => (vendor === 'unknown' || entry.vendor === vendor) && entry.regex.test(name));
  if (rule) return { status: rule.status, family: rule.family, reason: rule.reason ?? describe(name, rule.status, rule.family) };
  return {
    status: 'unknown',
    family: null,
    reason: `"${name}" is not a GPU TinyGPU is known to support (NVIDIA Ampere or newer, AMD RDNA3 or newer).`,
  };
}

function describe(subject: string, status: SupportStatus, family: string): string {
  switch (status) {
    case 'supported':
      return `${subject} is ${family}, which TinyGPU supports.`;
    case 'experimental':
      return `${subject} is ${family}; TinyGPU support for it is experimental.`;
    case 'unsupported':
      return `${subject} is ${family}, which TinyGPU does not support.`;
    case 'unknown':
      return `${subject} is ${family}; TinyGPU support for it is not known.`;
  }
}
