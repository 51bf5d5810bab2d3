// Ollama `GET /api/ps`: the models resident right now and how much of each sits in VRAM.
import { z } from 'zod';
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, oneLine, parseError, parsed } from './result';

export interface OllamaResidentModel {
  name: string;
  sizeBytes: number;
  sizeVramBytes: number;
}

const ModelSchema = z.object({
  name: z.string().optional(),
  model: z.string().optional(),
  size: z.number().nonnegative().finite().optional(),
  size_vram: z.number().nonnegative().finite().optional(),
});

// Go encodes an empty slice as null in some versions, so null means "none".
const ResponseSchema = z.object({ models: z.array(z.unknown()).nullable() });
const ErrorSchema = z.object({ error: z.string() });

function parseOllamaPsUnsafe(json: string): ParseResult<{ models: OllamaResidentModel[] }> {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return parseError(`Ollama /api/ps did not answer with JSON; it sent ${firstLineSnippet(json)}.`);
  }
  const response = ResponseSchema.safeParse(doc);
  if (!response.success) {
    const error = ErrorSchema.safeParse(doc);
    return parseError(error.success ? `Ollama /api/ps answered with an error: ${oneLine(error.data.error)}.` : 'Ollama /api/ps answer has no "models" list.');
  }

  const warnings: string[] = [];
  const models: OllamaResidentModel[] = [];
  (response.data.models ?? []).forEach((entry, i) => {
    const model = ModelSchema.safeParse(entry);
    const name = model.success ? (model.data.name ?? model.data.model) : undefined;
    if (!model.success || name === undefined) {
      warnings.push(`Model ${i + 1} skipped: no name or unreadable sizes.`);
      return;
    }
    if (model.data.size_vram === undefined) warnings.push(`Model "${name}" has no size_vram; counted as 0.`);
    models.push({ name, sizeBytes: model.data.size ?? 0, sizeVramBytes: model.data.size_vram ?? 0 });
  });
  return parsed({ models }, warnings);
}

export const parseOllamaPs = neverThrow('Ollama /api/ps', parseOllamaPsUnsafe);
