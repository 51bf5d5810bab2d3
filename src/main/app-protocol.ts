// The packaged renderer is served from app://renderer/ instead of file://: a real, single origin
// (file: pages all share the opaque origin "null") that can read nothing but the built renderer folder.
import path from 'node:path';
import { contentTypeOf } from '../core/platform/content-type';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_BASE_URL = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * The file under `rendererDir` that an app:// request names, or null for anything else: another
 * scheme or host, malformed escapes, a NUL byte, or a path that climbs out of the folder.
 */
export function resolveAppRequest(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null; // Not a URL: nothing to serve.
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    return null; // Malformed percent-encoding names no file.
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative === '' ? 'index.html' : relative);
  return file.startsWith(root + path.sep) ? file : null;
}

/** The parts of Electron's `protocol` module used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void;
  handle(scheme: string, handler: (request: { url: string }) => Response | Promise<Response>): void;
}

/** Must run before the app's `ready` event. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** After `ready`: answers app:// requests from the renderer folder, with our CSP on every response. */
export function serveAppScheme(
  protocol: Pick<ProtocolLike, 'handle'>,
  rendererDir: string,
  policy: string,
  readFile: (file: string) => Promise<Uint8Array>,
): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir, policy, readFile));
}

export async function appResponse(url: string, rendererDir: string, policy: string, readFile: (file: string) => Promise<Uint8Array>): Promise<Response> {
  const file = resolveAppRequest(url, rendererDir);
  if (!file) return new Response('not found', { status: 404 });
  let body: Uint8Array;
  try {
    body = await readFile(file);
  } catch {
    return new Response('not found', { status: 404 }); // A missing asset is a 404, as on any server.
  }
  return new Response(body, {
    status: 200,
    headers: { 'content-type': contentTypeOf(file), 'content-security-policy': policy, 'x-content-type-options': 'nosniff' },
  });
}
