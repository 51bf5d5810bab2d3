// Ollama's native API: version, installed models, resident models with their GPU/CPU split.
// On a Mac, Ollama runs on the Apple GPU (Metal): these figures are the baseline, not the eGPU.
import { z } from 'zod';
import { getJson, type FetchJsonResult } from '../../platform/http-json';

const TIMEOUT_MS = 1500;

const VersionSchema = z.object({ version: z.string() });
const TagsSchema = z.object({ models: z.array(z.object({ name: z.string() }).passthrough()).nullable() });
const PsSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string(),
        size: z.number().nonnegative().finite(),
        size_vram: z.number().nonnegative().finite().default(0),
      }).passthrough(),
    )
    .nullable(),
});

export interface ResidentModel {
  name: string;
  sizeBytes: number;
  sizeVramBytes: number;
  /** Share of the model in GPU memory, 0–100; null when Ollama's numbers do not add up ("Unknown" in `ollama ps`). */
  gpuPercent: number | null;
  /** true when part of the model runs on the CPU: it will be slow. */
  offloaded: boolean;
}

/** Same rule as `ollama ps`'s PROCESSOR column. */
export function gpuShare(size: number, sizeVram: number): { gpuPercent: number | null; offloaded: boolean } {
  if (size === 0 || sizeVram > size) return { gpuPercent: null, offloaded: false };
  const cpu = Math.round(((size - sizeVram) / size) * 100);
  return { gpuPercent: 100 - cpu, offloaded: cpu > 0 };
}

export async function ollamaVersion(baseUrl: string): Promise<FetchJsonResult<string>> {
  const reply = await getJson(new URL('/api/version', baseUrl), VersionSchema, TIMEOUT_MS);
  return reply.ok ? { ok: true, value: reply.value.version } : reply;
}

export async function ollamaModels(baseUrl: string): Promise<FetchJsonResult<string[]>> {
  const reply = await getJson(new URL('/api/tags', baseUrl), TagsSchema, TIMEOUT_MS);
  return reply.ok ? { ok: true, value: (reply.value.models ?? []).map((m) => m.name) } : reply;
}

export async function ollamaResident(baseUrl: string): Promise<FetchJsonResult<ResidentModel[]>> {
  const reply = await getJson(new URL('/api/ps', baseUrl), PsSchema, TIMEOUT_MS);
  if (!reply.ok) return reply;
  return {
    ok: true,
    value: (reply.value.models ?? []).map((m) => ({ name: m.name, sizeBytes: m.size, sizeVramBytes: m.size_vram, ...gpuShare(m.size, m.size_vram) })),
  };
}
