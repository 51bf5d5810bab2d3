// VRAM in use when the device does not report it: the sum of Ollama's resident models.
import { parseOllamaPs } from './parsers';

const OLLAMA_TIMEOUT_MS = 800;

/** MB held by models Ollama keeps on the GPU, or null when Ollama is not reachable. */
export async function ollamaVramUsedMB(baseUrl: string): Promise<number | null> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/ps', baseUrl), { signal: AbortSignal.timeout(OLLAMA_TIMEOUT_MS) });
  } catch {
    // Ollama not running or not answering: its VRAM figure is optional, null says unknown.
    return null;
  }
  if (!response.ok) return null;
  const text = await response.text().catch(() => '');
  const parsed = parseOllamaPs(text);
  if (!parsed.ok) return null;
  const bytes = parsed.value.models.reduce((sum, model) => sum + model.sizeVramBytes, 0);
  return Math.round(bytes / (1024 * 1024));
}
