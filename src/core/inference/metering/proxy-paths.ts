// Where a client's request goes on the proxy's target. Clients are configured in two ways: the
// OpenAI SDKs append `/chat/completions` to a base URL that usually ends in `/v1`, and the Ollama SDK
// (and LM Studio's REST API) use root paths such as `/api/chat`. A target is written either way too
// (`http://127.0.0.1:1234` or `http://127.0.0.1:1234/v1`). Whatever the mix, the server sees its
// real path: `/v1` once, never twice, and `/api/...` at the server's root.

/** Paths that live at a server's root whatever its OpenAI base: Ollama's and LM Studio's native APIs, health and metrics pages. */
const ROOT_PREFIXES = ['/api', '/health', '/metrics', '/version', '/props', '/slots'];
const OPENAI_BASE = '/v1';

export interface TargetBase {
  /** The target's path without trailing slashes ("" for an origin, "/v1", "/lmstudio/v1"). */
  basePath: string;
  /** Where the server's own root paths live: the base without its trailing `/v1`. */
  rootPath: string;
}

export function targetBase(targetPathname: string): TargetBase {
  const basePath = targetPathname.replace(/\/+$/, '');
  const rootPath = basePath.endsWith(OPENAI_BASE) ? basePath.slice(0, -OPENAI_BASE.length) : basePath;
  return { basePath, rootPath };
}

/**
 * The path (with its query) to ask of the target for a client's request path, or null when the
 * request line is not a path (an absolute URL or `*`): a proxy for one server never forwards elsewhere.
 */
export function upstreamPath(clientUrl: string, base: TargetBase): string | null {
  if (!clientUrl.startsWith('/') || clientUrl.startsWith('//')) return null;
  const queryAt = clientUrl.search(/[?#]/);
  const path = queryAt === -1 ? clientUrl : clientUrl.slice(0, queryAt);
  const query = queryAt === -1 ? '' : clientUrl.slice(queryAt);
  return `${joinPath(path, base)}${query}`;
}

function joinPath(clientPath: string, { basePath, rootPath }: TargetBase): string {
  // The Ollama SDK given the OpenAI base URL (host ".../v1") asks for "/v1/api/chat", a route no server has.
  const path = startsWithSegment(clientPath, `${OPENAI_BASE}/api`) ? clientPath.slice(OPENAI_BASE.length) : clientPath;
  if (path === '/') return `${rootPath}/`;
  // The client already wrote the target's base ("/v1/chat/completions" for a ".../v1" target) or its root.
  if (basePath !== '' && startsWithSegment(path, basePath)) return path;
  if (rootPath !== '' && startsWithSegment(path, rootPath)) return path;
  // "/v1/..." or a root API: relative to the server's root, so "/v1" is never doubled.
  if (startsWithSegment(path, OPENAI_BASE) || ROOT_PREFIXES.some((prefix) => startsWithSegment(path, prefix))) return `${rootPath}${path}`;
  // A client whose base URL is the proxy itself ("/chat/completions", "/models"): under the target's base.
  return `${basePath}${path}`;
}

/** true when `path` is `prefix` or continues it with a new segment ("/v1/x" yes, "/v10" no). */
function startsWithSegment(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
