// The one way the app asks a local server something over HTTP: a bounded GET that never follows a
// redirect (a reply answers for the address asked, nowhere else), never throws, and reads at most a cap.
import type { z } from 'zod';

export type FetchJsonResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'unreachable' | 'http' | 'garbage'; status?: number; message: string };

export interface LocalGetOptions {
  timeoutMs: number;
  /** Bodies are read up to this size. */
  capBytes?: number;
  accept?: string;
  /** Aborts the request too (the app is quitting). */
  signal?: AbortSignal;
}

/** A reply (redirects included, unfollowed), a timeout or stall, or why nothing answered. */
export type LocalGetResult =
  | { kind: 'http'; status: number; contentType: string; body: string }
  | { kind: 'timeout' }
  | { kind: 'error'; error: unknown };

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function localGet(url: URL, options: LocalGetOptions): Promise<LocalGetResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'manual', headers: { accept: options.accept ?? 'application/json' } });
  } catch (error) {
    return signal.aborted ? { kind: 'timeout' } : { kind: 'error', error };
  }
  const body = await readCapped(response, options.capBytes ?? MAX_BODY_BYTES);
  // A body cut short by the timeout is a stall, not an answer.
  if (signal.aborted) return { kind: 'timeout' };
  return { kind: 'http', status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

export async function getJson<S extends z.ZodType>(url: URL, schema: S, timeoutMs: number): Promise<FetchJsonResult<z.output<S>>> {
  const reply = await localGet(url, { timeoutMs });
  if (reply.kind === 'timeout') return { ok: false, reason: 'unreachable', message: `${url.origin} did not answer within ${timeoutMs} ms` };
  if (reply.kind === 'error') return { ok: false, reason: 'unreachable', message: `${url.origin} is not reachable (${describe(reply.error)})` };
  if (reply.status >= 300 && reply.status < 400) {
    return { ok: false, reason: 'http', status: reply.status, message: `${url.pathname} answered with a redirect (HTTP ${reply.status}), which is not followed` };
  }
  if (reply.status < 200 || reply.status >= 300) return { ok: false, reason: 'http', status: reply.status, message: `${url.pathname} answered HTTP ${reply.status}` };
  let doc: unknown;
  try {
    doc = JSON.parse(reply.body);
  } catch {
    return { ok: false, reason: 'garbage', message: `${url.pathname} did not answer with JSON` };
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) return { ok: false, reason: 'garbage', message: `${url.pathname} answered in an unexpected shape` };
  return { ok: true, value: parsed.data };
}

function describe(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { message?: unknown } | undefined) : undefined;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
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
