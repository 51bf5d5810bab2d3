// The servers the app knows: the ones named in the settings and the default local ports it looks at,
// each turned into the row the UI and the speed test use. Pure: what was observed comes in.
import type { InferenceServer, ServerKind, ServerRates } from '../../api/inference';
import { SERVER_KIND_NAMES } from '../../api/present';
import type { Settings } from '../../api/settings';
import type { ServerIdentity } from './server-identity';

/** One address to ask. */
export interface Endpoint {
  /** Also the key observations are kept under. */
  origin: string;
  port: number;
  /** What the row is called while nothing recognisable answers. */
  expect: ServerKind;
  /** Set for a server the user named in the settings; its id, name, dialect and URL win. */
  configured: { id: string; name: string; dialect: 'ollama' | 'openai'; url: string } | null;
}

export interface Observation {
  identity: ServerIdentity;
  checkedAt: number;
  /** The kind it answered as last, kept while it is slow or loading so its row keeps its name. */
  lastKind: ServerKind | null;
  rates: ServerRates | null;
}

/** The port each kind listens on unless told otherwise; rows elsewhere carry their port in the name. */
const DEFAULT_PORT: Partial<Record<ServerKind, number>> = { ollama: 11434, llamacpp: 8080, lmstudio: 1234, vllm: 8000, tinygrad: 8000 };

/** Settings first, then the default ports (and the port the app runs tinygrad on) not already named there. */
export function endpointsOf(inference: Settings['inference']): Endpoint[] {
  const endpoints: Endpoint[] = [];
  const seen = new Set<string>();
  const add = (endpoint: Endpoint | null) => {
    if (endpoint === null || seen.has(endpoint.origin)) return;
    seen.add(endpoint.origin);
    endpoints.push(endpoint);
  };
  for (const server of inference.servers) {
    const parsed = parseUrl(server.url);
    if (parsed) add({ ...parsed, expect: server.dialect === 'ollama' ? 'ollama' : 'openai', configured: { ...server } });
  }
  const ports = inference.discovery.enabled ? inference.discovery.ports : [];
  for (const { port, expect } of [...ports, { port: inference.tinygrad.port, expect: 'tinygrad' as const }]) {
    add({ origin: `http://127.0.0.1:${port}`, port, expect, configured: null });
  }
  return endpoints;
}

/** The row for an endpoint; before its first check it reads "not running" with no check time. */
export function serverOf(endpoint: Endpoint, seen: Observation | undefined): InferenceServer {
  const kind = seen?.identity.kind ?? seen?.lastKind ?? endpoint.expect;
  const { configured } = endpoint;
  const dialect = configured?.dialect ?? (kind === 'ollama' ? 'ollama' : 'openai');
  return {
    // Keyed on the port, not on what answers: port 8000 is vLLM one minute and tinygrad the next,
    // and the speed test's choice and the /metrics `server` label must not follow it around.
    id: configured?.id ?? `port-${endpoint.port}`,
    name: configured?.name ?? (DEFAULT_PORT[kind] === endpoint.port ? SERVER_KIND_NAMES[kind] : `${SERVER_KIND_NAMES[kind]} :${endpoint.port}`),
    dialect,
    // Everything but tinygrad runs on the Mac's own GPU (Metal), whatever its settings say.
    device: kind === 'tinygrad' ? 'egpu' : 'apple-gpu',
    url: configured?.url ?? (dialect === 'ollama' ? endpoint.origin : `${endpoint.origin}/v1`),
    kind,
    state: seen?.identity.state ?? 'down',
    version: seen?.identity.version ?? null,
    discovered: configured === null,
    checkedAt: seen?.checkedAt ?? null,
    rates: seen?.rates ?? null,
  };
}

function parseUrl(url: string): { origin: string; port: number } | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    // localhost and 127.0.0.1 are one server: keep one row for it.
    if (parsed.hostname === 'localhost') parsed.hostname = '127.0.0.1';
    const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
    return { origin: parsed.origin, port };
  } catch {
    return null;
  }
}
