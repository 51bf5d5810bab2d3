// Asks one address what it is: a few short GETs, chosen by server-identity.ts, each with a timeout
// and a size cap. Never throws: a port where nothing listens, a stalled server and one that speaks
// garbage are answers too.
import { z } from 'zod';
import { localGet } from '../../platform/http-json';
import { parseLlamaCppMetrics, type LlamaCppCounters } from './llamacpp-metrics';
import { identifyServer, nextProbes, type ProbeReplies, type ProbeReply, type ServerIdentity } from './server-identity';
import { parseVllmMetrics } from './vllm-metrics';

export interface ProbeOptions {
  /** Per request; a local server that takes longer than this is "slow to answer". */
  timeoutMs?: number;
  /** Bodies are read up to this size; the identity needs only their start. */
  capBytes?: number;
  /** Aborts everything in flight (the app is quitting). */
  signal?: AbortSignal;
}

export const PROBE_TIMEOUT_MS = 1500;
export const PROBE_CAP_BYTES = 256 * 1024;
/** nextProbes() asks at most three rounds; one more guards against a plan that never ends. */
const MAX_ROUNDS = 4;

/** Error codes that mean nothing answers at that address. */
const NOTHING_THERE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** One GET: its status, Content-Type and (capped) body, or why there is none. */
export async function probeGet(url: URL, options: ProbeOptions = {}): Promise<ProbeReply> {
  const reply = await localGet(url, {
    timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS,
    capBytes: options.capBytes ?? PROBE_CAP_BYTES,
    accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return reply.kind === 'error' ? failureOf(reply.error) : reply;
}

/** Sends the GETs nextProbes() names, a round at a time, then says what answered. */
export async function identifyAt(origin: string, options: ProbeOptions = {}): Promise<ServerIdentity> {
  const replies: ProbeReplies = {};
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const paths = nextProbes(replies);
    if (paths.length === 0) break;
    const answers = await Promise.all(paths.map((p) => probeGet(new URL(p, origin), options)));
    paths.forEach((p, i) => (replies[p] = answers[i]));
  }
  return identifyServer(replies);
}

/** llama.cpp's counters from /metrics; null when it answers otherwise (501 without --metrics). */
export async function readLlamaCppCounters(origin: string, options: ProbeOptions = {}): Promise<LlamaCppCounters | null> {
  return readServerCounters(origin, 'llamacpp', options);
}

/** llama.cpp's or vLLM's /metrics, read into the same counters; null when it has none. */
export async function readServerCounters(origin: string, kind: 'llamacpp' | 'vllm', options: ProbeOptions = {}): Promise<LlamaCppCounters | null> {
  const reply = await probeGet(new URL('/metrics', origin), options);
  if (reply.kind !== 'http' || reply.status !== 200) return null;
  return kind === 'vllm' ? parseVllmMetrics(reply.body) : parseLlamaCppMetrics(reply.body);
}

/** For a server named in the settings under a path (`…/openai/v1`): does `<url>/models` list models? */
export async function listsModelsAt(baseUrl: string, options: ProbeOptions = {}): Promise<boolean> {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/models`);
  const reply = await probeGet(url, options);
  if (reply.kind !== 'http' || reply.status !== 200) return false;
  try {
    return ModelListSchema.safeParse(JSON.parse(reply.body)).success;
  } catch {
    return false;
  }
}

const ModelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

function failureOf(error: unknown): ProbeReply {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (NOTHING_THERE.has(code)) return { kind: 'refused' };
  const message = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return { kind: 'broken', message: `${code ? `${code}: ` : ''}${message}`.slice(0, 200) };
}
