// How big a model's weights are and how fast each link moves them to the eGPU, from
// resources/model-load.json: the Doctor view's expected load time and the speed comparison's decode
// ceiling read the same figures. Renderer-safe, pure.
import { z } from 'zod';
import modelLoadData from '../../../resources/model-load.json';
import { LinkKindSchema, type LinkKind } from './schemas';

const ModelLoadSchema = z.object({
  about: z.string().min(1),
  sources: z.record(z.string(), z.string().min(1)),
  typicalCopyGBps: z.partialRecord(LinkKindSchema, z.number().positive()),
  bytesPerWeight: z.number().positive().max(2),
  modelBillionsOfWeights: z.record(z.string().min(1), z.number().positive()),
});

const modelLoad = ModelLoadSchema.parse(modelLoadData);

/** Practical host→device copy rate of a link, shown as "typical" until the doctor measured the card. */
export function typicalCopyGBps(kind: LinkKind): number | null {
  return modelLoad.typicalCopyGBps[kind] ?? null;
}

/** Bytes per weight of a 4-bit quantised model (Q4_K_M averages about 4.8 bits). */
export const BYTES_PER_WEIGHT_Q4 = modelLoad.bytesPerWeight;

/**
 * Billions of weights from a model name: "llama3.1:8b" → 8, "qwen3:30b-a3b" → 30 (all experts count
 * for loading and for the bytes a dense read would move), tinygrad's named models from the file.
 */
export function modelBillionsOfWeights(model: string): number | null {
  const named = modelLoad.modelBillionsOfWeights[model];
  if (named !== undefined) return named;
  const value = Number(/(\d+(?:\.\d+)?)b\b/i.exec(model)?.[1]);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** Weights of a 4-bit model in GB, or null when the name does not say its size. */
export function modelWeightsGB(model: string): number | null {
  const billions = modelBillionsOfWeights(model);
  return billions === null ? null : billions * BYTES_PER_WEIGHT_Q4;
}
