// Which URLs are "our own pages". IPC sender checks, navigation limits, the CSP header and the
// permission handler all ask this one module, so they cannot disagree.
import path from 'node:path';
import { APP_BASE_URL, APP_HOST, APP_SCHEME } from './app-protocol';

export type AppRoute = 'popover' | 'setup' | 'speed';

export interface RendererEntry {
  /** The page without a route: the dev server root or app://renderer/index.html. */
  baseUrl: string;
  /** What isTrustedSenderUrl accepts: the dev server origin, or app://renderer. */
  allowedOrigins: string[];
  /** The built renderer folder that the app:// handler serves. */
  rendererDir: string;
  /** True when the renderer comes from the electron-vite dev server. */
  devServer: boolean;
}

export interface RendererEntryInput {
  isPackaged: boolean;
  /** process.env.ELECTRON_RENDERER_URL, set by electron-vite in development. */
  devServerUrl: string | undefined;
  /** The built main bundle's folder (out/main). */
  mainDir: string;
}

/**
 * Development loads the electron-vite dev server; everything else loads the built index.html. The
 * environment variable is ignored in a packaged app, and only a loopback http(s) URL is accepted,
 * so nobody can point the app at remote content by setting it.
 */
export function resolveRendererEntry(input: RendererEntryInput): RendererEntry {
  const devUrl = input.isPackaged ? null : parseLoopbackHttpUrl(input.devServerUrl);
  const rendererDir = path.join(input.mainDir, '..', 'renderer');
  if (devUrl) {
    return { baseUrl: devUrl.origin + devUrl.pathname, allowedOrigins: [devUrl.origin], devServer: true, rendererDir };
  }
  return { baseUrl: `${APP_BASE_URL}index.html`, allowedOrigins: [`${APP_SCHEME}://${APP_HOST}`], devServer: false, rendererDir };
}

/** The renderer uses hash routing: `#/popover`, `#/setup`, `#/speed`. */
export function routeUrl(entry: RendererEntry, route: AppRoute): string {
  return `${entry.baseUrl}#/${route}`;
}

/**
 * True when `url` belongs to one of the allowed origins. Origins are compared with
 * `new URL(...).origin`, never by prefix (`http://localhost:5173.evil.test` must fail).
 * Node gives custom schemes such as app: the opaque origin "null" (as file:, data: and about:blank
 * have), so for app: the scheme and host are compared instead; file: pages are never trusted.
 */
export function isTrustedSenderUrl(url: string, allowedOrigins: readonly string[]): boolean {
  const candidate = parseUrl(url);
  if (!candidate) return false;
  return allowedOrigins.some((allowed) => matchesAllowedOrigin(candidate, allowed));
}

export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** A sender must be a top-level frame showing one of our pages (no iframes, no gone frames). */
export function isTrustedFrame(frame: FrameLike | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (!frame) return false;
  try {
    return frame.parent === null && isTrustedSenderUrl(frame.url, allowedOrigins);
  } catch {
    // Reading a disposed WebFrameMain throws; a frame we cannot inspect is not trusted.
    return false;
  }
}

/** The route a same-app URL points at, e.g. `#/setup` → 'setup'; null for anything else. */
export function appRouteOf(url: string, allowedOrigins: readonly string[]): AppRoute | null {
  if (!isTrustedSenderUrl(url, allowedOrigins)) return null;
  const hash = parseUrl(url)?.hash ?? '';
  if (hash === '#/setup' || hash.startsWith('#/setup/') || hash.startsWith('#/setup?')) return 'setup';
  if (hash === '#/popover' || hash.startsWith('#/popover/') || hash.startsWith('#/popover?')) return 'popover';
  if (hash === '#/speed' || hash.startsWith('#/speed/') || hash.startsWith('#/speed?')) return 'speed';
  return null;
}

function matchesAllowedOrigin(candidate: URL, allowedText: string): boolean {
  const allowed = parseUrl(allowedText);
  if (!allowed) return false;
  if (allowed.protocol === `${APP_SCHEME}:`) return candidate.protocol === allowed.protocol && candidate.host === allowed.host;
  if (allowed.origin === 'null') return false;
  return candidate.origin === allowed.origin;
}

function parseLoopbackHttpUrl(text: string | undefined): URL | null {
  const url = text ? parseUrl(text) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return loopback ? url : null;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
