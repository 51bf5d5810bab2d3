// Which listeners the metering proxy offers: the routes in the settings, plus one for each server
// the user added and for an LM Studio found running, so someone with Ollama and LM Studio meters
// both. Pure: the settings and the server rows as last checked come in.
import type { InferenceServer, MeteringRoute } from '../../api/inference';
import type { Settings } from '../../api/settings';

/** Kinds that get a route of their own when found on their port (Ollama has the settings' default route). */
const DISCOVERED_KINDS_WITH_A_ROUTE = new Set<InferenceServer['kind']>(['lmstudio']);
const SEEN_STATES = new Set<InferenceServer['state']>(['up', 'loading', 'slow']);

export function meteringRoutes(inference: Settings['inference'], servers: readonly InferenceServer[]): MeteringRoute[] {
  const routes: MeteringRoute[] = inference.proxy.routes.map((r) => {
    const server = servers.find((s) => sameServer(s.url, r.target)) ?? null;
    return {
      id: r.id ?? `proxy-${r.listen}`,
      listen: r.listen,
      target: r.target,
      label: server?.name ?? hostOf(r.target),
      serverId: server?.id ?? null,
      dialect: server?.dialect ?? (portOf(r.target) === 11434 ? 'ollama' : 'openai'),
      source: 'settings',
    };
  });
  // Ports a derived route must not take: every route's, and every server's own.
  const taken = new Set<number>([...routes.map((r) => r.listen), ...servers.map((s) => portOf(s.url)), ...inference.discovery.ports.map((p) => p.port)]);
  for (const server of servers) {
    const wanted = !server.discovered || (DISCOVERED_KINDS_WITH_A_ROUTE.has(server.kind) && SEEN_STATES.has(server.state));
    // The proxy speaks plain HTTP to its target; a server behind TLS gets a route once the proxy does too.
    if (!wanted || !server.url.startsWith('http:') || routes.some((r) => sameServer(server.url, r.target))) continue;
    const listen = freePortAfter(portOf(server.url), taken);
    if (listen === null) continue;
    taken.add(listen);
    routes.push({
      id: `proxy-${listen}`,
      listen,
      target: server.url,
      label: server.name,
      serverId: server.id,
      dialect: server.dialect,
      source: server.discovered ? 'discovered' : 'server',
    });
  }
  return routes;
}

/** The server's port plus one (11434 → 11435, 1234 → 1235), or the next one nobody uses. */
function freePortAfter(port: number, taken: ReadonlySet<number>): number | null {
  for (let candidate = Math.max(port + 1, 1024); candidate <= 65535 && candidate < port + 100; candidate++) {
    if (!taken.has(candidate)) return candidate;
  }
  return null;
}

/** Same host and port: "http://localhost:1234/v1" and "http://127.0.0.1:1234" are one server. */
export function sameServer(a: string, b: string): boolean {
  const x = endpoint(a);
  const y = endpoint(b);
  return x !== null && x === y;
}

function endpoint(url: string): string | null {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname === 'localhost' ? '127.0.0.1' : parsed.hostname;
    return `${parsed.protocol}//${host}:${portOf(url)}`;
  } catch {
    return null;
  }
}

function portOf(url: string): number {
  try {
    const parsed = new URL(url);
    if (parsed.port !== '') return Number(parsed.port);
    return parsed.protocol === 'https:' ? 443 : 80;
  } catch {
    return 0;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
