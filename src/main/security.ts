// Session and WebContents hardening for our windows: CSP header, permissions, navigation and popups.
// The decisions are pure functions; the install functions only wire them to Electron objects.
import { normalizeExternalUrl } from '../core/external-urls';
import { appRouteOf, isTrustedSenderUrl, type RendererEntry } from './app-origin';

const PRODUCTION_CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
];

/**
 * The policy for our pages. The dev server additionally needs the React refresh preamble (an inline
 * script) and its hot-reload WebSocket; a packaged build never gets those.
 */
export function contentSecurityPolicy(entry: RendererEntry): string {
  const devOrigin = entry.devServer ? entry.allowedOrigins[0] : undefined;
  return PRODUCTION_CSP_DIRECTIVES.map(([name, value]) => {
    if (devOrigin && name === 'script-src') return `${name} ${value} 'unsafe-inline'`;
    if (devOrigin && name === 'connect-src') return `${name} ${value} ${devOrigin.replace(/^http/, 'ws')}`;
    return `${name} ${value}`;
  }).join('; ');
}

/** Response headers with our CSP replacing any the server sent (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy');
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [policy] };
}

/**
 * Everything is denied except sanitized clipboard writes from our own pages: without that one,
 * navigator.clipboard.writeText (the wizard's "Copy command" buttons) fails with NotAllowedError.
 */
export function isPermissionGranted(permission: string, requestingUrl: string, allowedOrigins: readonly string[]): boolean {
  return permission === 'clipboard-sanitized-write' && isTrustedSenderUrl(requestingUrl, allowedOrigins);
}

/** Full-page navigation is only allowed within our own pages (hash routes do not navigate). */
export function isNavigationAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  return isTrustedSenderUrl(url, allowedOrigins);
}

export type WindowOpenDecision =
  | { kind: 'deny' }
  | { kind: 'open-setup' }
  | { kind: 'open-speed'; section: SpeedSection | null }
  | { kind: 'open-external'; url: string };

/** The one part of the Speed window a page may ask to show first; anything else opens it at the top. */
export type SpeedSection = 'run-egpu';

/**
 * No page ever opens an Electron window itself. A link to our own `#/setup` route opens the setup
 * window; allow-listed https links and System Settings panes go out in their normalised form (the
 * shell adapter checks again); everything else is dropped.
 */
export function windowOpenDecision(url: string, allowedOrigins: readonly string[]): WindowOpenDecision {
  const route = appRouteOf(url, allowedOrigins);
  if (route === 'setup') return { kind: 'open-setup' };
  if (route === 'speed') return { kind: 'open-speed', section: /#\/speed\/run-egpu\b/.test(url) ? 'run-egpu' : null };
  const normalized = normalizeExternalUrl(url);
  return normalized === null ? { kind: 'deny' } : { kind: 'open-external', url: normalized };
}

/** The parts of Electron's Session the hardening uses. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: { getURL(): string } | null, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean,
  ): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

export function hardenSession(session: HardenableSession, entry: RendererEntry): void {
  const allowed = entry.allowedOrigins;
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, allowed));
  });
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted(permission, details.requestingUrl ?? contents?.getURL() ?? '', allowed),
  );
  // A header covers dev-server pages; the packaged file:// page carries the same policy in a <meta> tag.
  const policy = contentSecurityPolicy(entry);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedSenderUrl(details.url, allowed)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}

/** The parts of Electron's WebContents the guard uses. */
export interface GuardableWebContents {
  on(event: 'will-navigate', listener: (event: { url: string; preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface WebContentsGuardOptions {
  allowedOrigins: readonly string[];
  openExternal(url: string): void;
  openSetup(): void;
  /** The Speed window (a page opened `#/speed`); absent where there is none. */
  openSpeed?(section: SpeedSection | null): void;
}

export function guardWebContents(contents: GuardableWebContents, options: WebContentsGuardOptions): void {
  contents.on('will-navigate', (event) => {
    if (!isNavigationAllowed(event.url, options.allowedOrigins)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, options.allowedOrigins);
    if (decision.kind === 'open-setup') options.openSetup();
    if (decision.kind === 'open-speed') options.openSpeed?.(decision.section);
    if (decision.kind === 'open-external') options.openExternal(decision.url);
    return { action: 'deny' };
  });
}
