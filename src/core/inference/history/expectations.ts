// The card's physical limit and the guide's expectations, as pure functions over validated data.
import { z } from 'zod';
import expectationsData from '../../../../resources/expectations.json';
import { modelBillionsOfWeights } from '../../api/model-load';
import { allGpuSpecs, gpuSpecFor, type GpuSpec } from '../../probe/gpu-specs';

const ExpectationsSchema = z.object({
  source: z.string().min(1),
  rules: z.object({ backendInactiveBelowTokensPerSecond: z.number().positive(), backendInactiveModelSizeB: z.number().positive(), source: z.string().min(1) }),
  rows: z.array(z.object({ gpu: z.string(), kind: z.enum(['egpu', 'apple-gpu']), sizeB: z.number().positive(), min: z.number().positive(), max: z.number().positive() })),
});

export { gpuSpecFor, type GpuSpec };
const expectations = ExpectationsSchema.parse(expectationsData);
for (const row of expectations.rows) if (!allGpuSpecs().some((g) => g.id === row.gpu)) throw new Error(`expectations.json names unknown GPU ${row.gpu}`);

/** "achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s". */
export function bandwidthShare(achievedGBs: number, spec: GpuSpec): { percent: number; text: string } {
  const percent = Math.round((achievedGBs / spec.bandwidthGBs) * 100);
  return { percent, text: `achieved ${Math.round(achievedGBs)} GB/s = ${percent} % of the ${spec.name.replace(/^(NVIDIA GeForce|AMD Radeon) /, '')}'s ${spec.bandwidthGBs} GB/s` };
}

/** Decode ceiling of a dense model: every weight is read once per token. */
export function decodeCeilingTokensPerSecond(spec: GpuSpec, modelBytes: number): number | null {
  return modelBytes > 0 ? (spec.bandwidthGBs * 1e9) / modelBytes : null;
}

export interface Expectation {
  min: number;
  max: number;
  kind: 'egpu' | 'apple-gpu';
  sizeB: number;
}

/** The guide's row for this GPU and the nearest model size it lists (within a factor of 1.5). */
export function expectedFor(gpuId: string, sizeB: number): Expectation | null {
  const rows = expectations.rows.filter((r) => r.gpu === gpuId && r.sizeB / sizeB <= 1.5 && sizeB / r.sizeB <= 1.5);
  rows.sort((a, b) => Math.abs(Math.log(a.sizeB / sizeB)) - Math.abs(Math.log(b.sizeB / sizeB)));
  const row = rows[0];
  return row ? { min: row.min, max: row.max, kind: row.kind, sizeB: row.sizeB } : null;
}

export type SpeedVerdict =
  | { kind: 'no-expectation' }
  | { kind: 'as-expected' | 'above-expected'; expected: Expectation }
  | { kind: 'below-expected'; expected: Expectation; percentOfMin: number };

export function compareWithGuide(tokensPerSecond: number, expected: Expectation | null): SpeedVerdict {
  if (!expected) return { kind: 'no-expectation' };
  if (tokensPerSecond < expected.min) return { kind: 'below-expected', expected, percentOfMin: Math.round((tokensPerSecond / expected.min) * 100) };
  return { kind: tokensPerSecond > expected.max ? 'above-expected' : 'as-expected', expected };
}

export interface SpeedHazard {
  id: 'backend-not-active';
  title: string;
  detail: string;
  checks: string[];
}

/**
 * The guide's rule: under 10 tok/s on an 8B model means the GPU backend is not active.
 * Only for eGPU measurements (tinygrad); Apple-GPU servers are a different machine.
 */
export function speedHazard(result: { tokensPerSecond: number | null; model: string; onEgpu: boolean }): SpeedHazard | null {
  const rule = expectations.rules;
  const size = modelBillionsOfWeights(result.model);
  if (!result.onEgpu || result.tokensPerSecond === null || size === null) return null;
  if (size > rule.backendInactiveModelSizeB * 1.25 || result.tokensPerSecond >= rule.backendInactiveBelowTokensPerSecond) return null;
  return {
    id: 'backend-not-active',
    // The rule only covers models up to about 10B: "an 8B", "a 3B".
    title: `${result.tokensPerSecond.toFixed(1)} tok/s on ${/^8/.test(String(size)) ? 'an' : 'a'} ${size}B model: the eGPU is probably not doing the work`,
    detail: `The guide's rule: under ${rule.backendInactiveBelowTokensPerSecond} tok/s on an ${rule.backendInactiveModelSizeB}B model means the GPU backend is not active.`,
    checks: [
      'Is the eGPU listed and the driver ready (tinygpu list, or the status at the top)?',
      'Was the tinygrad server started with DEV=NV (NVIDIA) or DEV=AMD?',
      'Does the model fit in the card\u2019s VRAM? A model that spills runs far slower.',
      'Is the link running at the expected width (PCIe x4 over Thunderbolt)?',
    ],
  };
}
