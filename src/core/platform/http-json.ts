// One bounded GET whose JSON reply is validated; never throws.
import type { z } from 'zod';

export type FetchJsonResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'unreachable' | 'http' | 'garbage'; status?: number; message: string };

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function getJson<S extends z.ZodType>(url: URL, schema: S, timeoutMs: number): Promise<FetchJsonResult<z.output<S>>> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    return { ok: false, reason: 'unreachable', message: `${url.origin} is not reachable (${error instanceof Error ? error.message : String(error)})` };
  }
  const text = await readCapped(response, MAX_BODY_BYTES);
  if (!response.ok) return { ok: false, reason: 'http', status: response.status, message: `${url.pathname} answered HTTP ${response.status}` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'garbage', message: `${url.pathname} did not answer with JSON` };
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) return { ok: false, reason: 'garbage', message: `${url.pathname} answered in an unexpected shape` };
  return { ok: true, value: parsed.data };
}

/** Reads at most `cap` bytes of a body, then cancels the rest. */
export async function readCapped(response: Response, cap: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.byteLength;
      if (size >= cap) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // A body cut short is read as far as it came; the caller validates what it got.
  }
  return Buffer.concat(parts).toString('utf8').slice(0, cap);
}
