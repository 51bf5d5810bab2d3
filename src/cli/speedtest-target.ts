// Where `speedtest` sends its requests: the dialect and the `/v1` base found from what answers at the
// URL, so `--url http://127.0.0.1:8080` works without `--backend` or `/v1`, and a port with nothing
// behind it is "cannot connect to 127.0.0.1:8080 (connection refused)" rather than a fetch error.
import net from 'node:net';
import type { ServerKind } from '../core/api/inference';
import { SERVER_KIND_NAMES, SERVER_STATE_WORDS } from '../core/api/present';
import { identifyAt, PROBE_TIMEOUT_MS } from '../core/inference/servers/server-probe';
import type { Dialect } from '../core/inference/types';

export const DEFAULT_SPEEDTEST_URLS: Record<Dialect, string> = { ollama: 'http://127.0.0.1:11434', openai: 'http://127.0.0.1:8000/v1' };

export type SpeedtestTarget =
  | { ok: true; dialect: Dialect; baseUrl: string; kind: ServerKind | null; serverName: string; onEgpu: boolean }
  | { ok: false; message: string };

/** Reasons a connection fails, in the words people know from other tools. */
const CONNECT_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'no such host',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: `no answer within ${PROBE_TIMEOUT_MS / 1000} s`,
};

export async function resolveSpeedtestTarget(url: URL, backend: Dialect | null, timeoutMs = PROBE_TIMEOUT_MS): Promise<SpeedtestTarget> {
  const failure = await connectFailure(url, timeoutMs);
  if (failure !== null) return { ok: false, message: `cannot connect to ${url.host} (${failure})` };
  const identity = await identifyAt(url.origin, { timeoutMs });
  if (identity.state === 'slow') return { ok: false, message: `${url.host} is ${SERVER_STATE_WORDS.slow} (no answer within ${timeoutMs / 1000} s)` };
  const path = url.pathname.replace(/\/+$/, '');
  const dialect = backend ?? (identity.kind === 'ollama' ? 'ollama' : identity.kind !== null || path !== '' ? 'openai' : null);
  if (dialect === null) return { ok: false, message: `${url.host} is ${SERVER_STATE_WORDS.unrecognised}: pass --backend ollama or --backend openai if it is one` };
  // Ollama's native API lives at the root; every OpenAI-compatible server here under /v1 unless its URL says otherwise.
  const basePath = dialect === 'ollama' ? path.replace(/\/v1$/, '') : path === '' ? '/v1' : path;
  const kind = identity.kind;
  return {
    ok: true,
    dialect,
    baseUrl: `${url.origin}${basePath}`,
    kind,
    serverName: kind === null ? (dialect === 'ollama' ? SERVER_KIND_NAMES.ollama : SERVER_KIND_NAMES.openai) : SERVER_KIND_NAMES[kind],
    // tinygrad is the engine that uses the eGPU; the others run on the Mac's own GPU.
    onEgpu: kind === 'tinygrad',
  };
}

/** Why a TCP connection to the URL's host and port fails, or null when it connects. */
function connectFailure(url: URL, timeoutMs: number): Promise<string | null> {
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(CONNECT_WORDS.ETIMEDOUT!));
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(CONNECT_WORDS[error.code ?? ''] ?? error.code ?? error.message));
  });
}
