// OpenAI-compatible servers (tinygrad, llama.cpp, LM Studio, vLLM, Ollama's /v1): the model list.
import { z } from 'zod';
import { getJson, type FetchJsonResult } from '../../platform/http-json';

const TIMEOUT_MS = 1500;
const ModelsSchema = z.object({ data: z.array(z.object({ id: z.string() }).passthrough()) });

/** `baseUrl` ends in /v1 as clients are configured. */
export async function openAiModels(baseUrl: string): Promise<FetchJsonResult<string[]>> {
  const reply = await getJson(new URL(`${baseUrl.replace(/\/+$/, '')}/models`), ModelsSchema, TIMEOUT_MS);
  return reply.ok ? { ok: true, value: reply.value.data.map((m) => m.id) } : reply;
}
