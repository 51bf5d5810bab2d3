// VRAM in use when the device does not report it: the sum of Ollama's resident models.
import { localGet } from '../platform/http-json';
import { parseOllamaPs } from './parsers';

const OLLAMA_TIMEOUT_MS = 800;

/** MB held by models Ollama keeps on the GPU, or null when Ollama is not reachable. */
export async function ollamaVramUsedMB(baseUrl: string): Promise<number | null> {
  const reply = await localGet(new URL('/api/ps', baseUrl), { timeoutMs: OLLAMA_TIMEOUT_MS });
  // Ollama not running, not answering or answering otherwise (a redirect is not followed): its VRAM figure is optional, null says unknown.
  if (reply.kind !== 'http' || reply.status < 200 || reply.status >= 300) return null;
  const parsed = parseOllamaPs(reply.body);
  if (!parsed.ok) return null;
  const bytes = parsed.value.models.reduce((sum, model) => sum + model.sizeVramBytes, 0);
  return Math.round(bytes / (1024 * 1024));
}
