// Which inference server answers on a port, told from its replies to a few GETs. Pure: the prober
// (server-probe.ts) sends what nextProbes() names and hands the replies back until it names nothing.
// Each server has a tell: Ollama's /api/version, LM Studio's 200 "Unexpected endpoint" for any
// unknown path, llama.cpp's /health, vLLM's /version. tinygrad answers every GET but /v1/models with
// its chat page (200 text/html), so a 200 alone proves nothing and Content-Type decides.
import { z } from 'zod';
import type { ServerKind, ServerState } from '../../api/inference';

export const PROBE_PATHS = ['/api/version', '/health', '/v1/models', '/version', '/api/v0/models', '/props'] as const;
export type ProbePath = (typeof PROBE_PATHS)[number];

export type ProbeReply =
  | { kind: 'http'; status: number; contentType: string; body: string }
  /** Nothing listens (or the host is unknown). */
  | { kind: 'refused' }
  /** No complete answer within the probe timeout. */
  | { kind: 'timeout' }
  /** Something listens but drops the connection or does not speak HTTP. */
  | { kind: 'broken'; message: string };

export type ProbeReplies = Partial<Record<ProbePath, ProbeReply>>;

export interface ServerIdentity {
  state: ServerState;
  /** null when nothing recognisable answered. */
  kind: ServerKind | null;
  version: string | null;
}

const VersionSchema = z.object({ version: z.string().min(1) });
const LlamaHealthOkSchema = z.object({ status: z.literal('ok') });
/** Older builds say {"status":"loading model"}, newer {"error":{"message":"Loading model"}}. */
const LlamaHealthLoadingSchema = z.union([
  z.object({ status: z.string().regex(/loading/i) }),
  z.object({ error: z.object({ message: z.string().regex(/loading/i) }) }),
]);
const LlamaPropsSchema = z.object({ build_info: z.string().min(1) });
const ModelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
/** LM Studio answers a path it does not serve with 200 and this error (Express, lmstudio-bug-tracker #618). */
const LmStudioMissSchema = z.object({ error: z.string().startsWith('Unexpected endpoint or method.') });
/** LM Studio's own REST API lists models with their load state. */
const LmStudioListSchema = z.object({ object: z.literal('list'), data: z.array(z.object({ id: z.string(), state: z.string() })) });

const MAX_VERSION_CHARS = 40;

/** The next GETs to send given the replies so far; empty once the replies decide. */
export function nextProbes(replies: ProbeReplies): ProbePath[] {
  const first = replies['/api/version'];
  if (!first) return ['/api/version'];
  if (first.kind !== 'http' || ollamaVersion(first) !== null || isLmStudioMiss(first)) return [];
  if (!replies['/health']) return ['/health', '/v1/models', '/version'];
  const llama = llamaHealth(replies['/health']);
  if (llama !== null) return llama === 'up' && !replies['/props'] ? ['/props'] : [];
  if (isTinygrad(replies) || vllmVersion(replies) !== null) return [];
  if (jsonOf(replies['/v1/models'], ModelListSchema) !== null && !replies['/api/v0/models']) return ['/api/v0/models'];
  return [];
}

/** What the replies say; never throws, whatever the bodies hold. */
export function identifyServer(replies: ProbeReplies): ServerIdentity {
  const first = replies['/api/version'];
  if (!first || first.kind === 'refused') return { state: 'down', kind: null, version: null };
  if (first.kind === 'timeout') return { state: 'slow', kind: null, version: null };
  if (first.kind === 'broken') return unrecognised;
  const ollama = ollamaVersion(first);
  if (ollama !== null) return { state: 'up', kind: 'ollama', version: ollama };
  if (isLmStudioMiss(first)) return { state: 'up', kind: 'lmstudio', version: null };
  const llama = llamaHealth(replies['/health']);
  if (llama !== null) return { state: llama, kind: 'llamacpp', version: shortVersion(jsonOf(replies['/props'], LlamaPropsSchema)?.build_info) };
  if (isTinygrad(replies)) return { state: 'up', kind: 'tinygrad', version: null };
  const vllm = vllmVersion(replies);
  if (vllm !== null) return { state: 'up', kind: 'vllm', version: vllm };
  if (jsonOf(replies['/v1/models'], ModelListSchema) !== null) {
    return { state: 'up', kind: jsonOf(replies['/api/v0/models'], LmStudioListSchema) !== null ? 'lmstudio' : 'openai', version: null };
  }
  const stalled = (['/health', '/v1/models', '/version'] as const).some((p) => replies[p]?.kind === 'timeout');
  return stalled ? { state: 'slow', kind: null, version: null } : unrecognised;
}

/**
 * tinygrad's server answers one request at a time: while it generates, a GET waits. A port that
 * answered as tinygrad and now accepts but does not answer is busy, not slow.
 */
export function withBusyTinygrad(identity: ServerIdentity, lastKind: ServerKind | null): ServerIdentity {
  return identity.state === 'slow' && lastKind === 'tinygrad' ? { state: 'busy', kind: 'tinygrad', version: null } : identity;
}

const unrecognised: ServerIdentity = { state: 'unrecognised', kind: null, version: null };

function ollamaVersion(reply: ProbeReply | undefined): string | null {
  return shortVersion(jsonOf(reply, VersionSchema)?.version);
}

function isLmStudioMiss(reply: ProbeReply): boolean {
  return jsonOf(reply, LmStudioMissSchema) !== null;
}

function llamaHealth(reply: ProbeReply | undefined): 'up' | 'loading' | null {
  if (reply?.kind !== 'http') return null;
  if (reply.status === 200 && jsonOf(reply, LlamaHealthOkSchema) !== null) return 'up';
  if (reply.status === 503 && parseJson(reply.body, LlamaHealthLoadingSchema) !== null) return 'loading';
  return null;
}

/** Its chat page where an API would answer JSON, and a real model list. */
function isTinygrad(replies: ProbeReplies): boolean {
  const health = replies['/health'];
  return health?.kind === 'http' && health.status === 200 && isHtml(health) && jsonOf(replies['/v1/models'], ModelListSchema) !== null;
}

/** vLLM: `/version` in JSON and a `/health` that is not a web page (it is an empty 200). */
function vllmVersion(replies: ProbeReplies): string | null {
  const health = replies['/health'];
  if (health?.kind !== 'http' || health.status !== 200 || isHtml(health)) return null;
  return shortVersion(jsonOf(replies['/version'], VersionSchema)?.version);
}

function isHtml(reply: { contentType: string }): boolean {
  return reply.contentType.toLowerCase().includes('text/html');
}

/** The body of a 200 reply, validated; null for anything else. */
function jsonOf<S extends z.ZodType>(reply: ProbeReply | undefined, schema: S): z.output<S> | null {
  if (reply?.kind !== 'http' || reply.status !== 200 || isHtml(reply)) return null;
  return parseJson(reply.body, schema);
}

function parseJson<S extends z.ZodType>(body: string, schema: S): z.output<S> | null {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(doc);
  return parsed.success ? (parsed.data as z.output<S>) : null;
}

/** Versions are shown as they come, within reason: printable, short. */
function shortVersion(value: string | undefined): string | null {
  if (value === undefined) return null;
  const clean = value.replace(/[^\x20-\x7e]/g, '').trim().slice(0, MAX_VERSION_CHARS);
  return clean === '' ? null : clean;
}
