// What a card is, from resources/gpu-specs.json: by PCI id first (every probe reports it, even when
// macOS names the card "display"), by name for sources that report only a name. Where one device id
// covers several cards (AMD 0x744c: RX 7900 XTX 24 GB, RX 7900 XT 20 GB, RX 7900 GRE 16 GB) the
// answer names them all and claims only what they share, unless the VRAM the device reports tells
// them apart.
import { z } from 'zod';
import specsData from '../../../resources/gpu-specs.json';
import { normalizePciId } from './parsers/values';

const pciKey = z.string().regex(/^0x[0-9a-f]{4}:0x[0-9a-f]{4}$/, 'a lower-case "vendor:device" id such as "0x10de:0x2684"');

const GpuSpecSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  pciIds: z.array(pciKey),
  /** Lower-case name fragments, for sources that report only a name ("NVIDIA GeForce RTX 4090"). */
  aliases: z.array(z.string().min(1)).min(1),
  bandwidthGBs: z.number().positive(),
  vramGB: z.number().positive().nullable(),
  vramType: z.string().min(1).nullable(),
  source: z.string().min(1),
});
const SpecsSchema = z
  .object({ sources: z.record(z.string(), z.string().min(1)), gpus: z.array(GpuSpecSchema).min(1) })
  .refine((d) => d.gpus.every((g) => g.source in d.sources), 'every GPU names a listed source')
  .refine((d) => new Set(d.gpus.map((g) => g.id)).size === d.gpus.length, 'GPU ids are unique');

export type GpuSpec = z.infer<typeof GpuSpecSchema>;
const specs = SpecsSchema.parse(specsData);

/** Every card the table lists under this PCI id (two where one id covers two cards); empty when unknown. */
export function gpuSpecsForPciId(vendorId: string | null | undefined, deviceId: string | null | undefined): GpuSpec[] {
  const vendor = normalizePciId(vendorId);
  const device = normalizePciId(deviceId);
  if (vendor === null || device === null) return [];
  const key = `${vendor}:${device}`;
  return specs.gpus.filter((spec) => spec.pciIds.includes(key));
}

/** The names given to ids that cover more than one card: a name lookup must not pick one of them. */
const sharedNames = new Set(specs.gpus.map((spec) => spec.pciIds.map((id) => specs.gpus.filter((g) => g.pciIds.includes(id)))).flat().filter((group) => group.length > 1).map(namesOf));

/** The spec entry for a device name as probes report it; the longest alias wins ("4080 SUPER" over "4080"). */
export function gpuSpecFor(deviceName: string): GpuSpec | null {
  if (sharedNames.has(deviceName)) return null;
  const name = deviceName.toLowerCase();
  let best: { spec: GpuSpec; length: number } | null = null;
  for (const spec of specs.gpus) {
    for (const alias of spec.aliases) if (name.includes(alias) && (!best || alias.length > best.length)) best = { spec, length: alias.length };
  }
  return best?.spec ?? null;
}

export interface CardFromPciId {
  /** "NVIDIA GeForce RTX 4090"; "AMD Radeon RX 7900 XTX, RX 7900 XT or RX 7900 GRE" when the id covers several and nothing tells them apart. */
  name: string;
  /** The one card it is; null while two remain possible. */
  spec: GpuSpec | null;
  /** VRAM every remaining card has; null when they differ (the larger is never claimed). */
  vram: { mb: number; type: string | null } | null;
}

/**
 * The card behind a PCI id. `reportedVramMB` (tinygpu list, nvidia-smi) picks between cards that
 * share an id: the one whose spec VRAM is within 10 % of it.
 */
export function cardFromPciId(vendorId: string | null | undefined, deviceId: string | null | undefined, reportedVramMB: number | null = null): CardFromPciId | null {
  let candidates = gpuSpecsForPciId(vendorId, deviceId);
  if (candidates.length === 0) return null;
  if (candidates.length > 1 && reportedVramMB !== null) {
    const fits = candidates.filter((spec) => spec.vramGB !== null && Math.abs(spec.vramGB * 1024 - reportedVramMB) <= spec.vramGB * 1024 * 0.1);
    if (fits.length > 0) candidates = fits;
  }
  const [first] = candidates;
  if (!first) return null;
  const vramGB = candidates.every((spec) => spec.vramGB === first.vramGB) ? first.vramGB : null;
  const vramType = candidates.every((spec) => spec.vramType === first.vramType) ? first.vramType : null;
  return {
    name: candidates.length === 1 ? first.name : namesOf(candidates),
    spec: candidates.length === 1 ? first : null,
    vram: vramGB === null ? null : { mb: vramGB * 1024, type: vramType },
  };
}

/** "AMD Radeon RX 7900 XTX, RX 7900 XT or RX 7900 GRE": the maker's prefix once. */
function namesOf(group: GpuSpec[]): string {
  const [first, ...rest] = group;
  if (!first) return '';
  const prefix = /^(NVIDIA GeForce |AMD Radeon |AMD Instinct |AMD )/.exec(first.name)?.[1] ?? '';
  const names = [first.name, ...rest.map((spec) => (prefix && spec.name.startsWith(prefix) ? spec.name.slice(prefix.length) : spec.name))];
  const last = names.pop();
  return names.length === 0 ? (last ?? '') : `${names.join(', ')} or ${last}`;
}

/** Every PCI id in the table (tests, and the check that no id hides two VRAM sizes). */
export function allGpuSpecs(): readonly GpuSpec[] {
  return specs.gpus;
}
