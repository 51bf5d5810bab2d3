// The only addresses the app will open for the UI: the System Settings panes it links to and a few known sites.
const ALLOWED_HTTPS_HOSTS = new Set([
  'github.com',
  'docs.tinygrad.org',
  'tinygrad.org',
  'ollama.com',
  'docs.docker.com',
  'www.docker.com',
  'brew.sh',
]);

/**
 * Every System Settings pane the app links to, and nothing else: approving the driver extension
 * (Login Items & Extensions) and Privacy & Security (old and new pane ids).
 */
export const ALLOWED_SETTINGS_PANES: ReadonlySet<string> = new Set([
  'com.apple.LoginItems-Settings.extension',
  'com.apple.preference.security',
  'com.apple.settings.PrivacySecurity.extension',
]);

/**
 * The normalised form (`new URL(raw).href`) of an address the app may open, or null. Callers open the
 * returned string, never the raw one, so what was checked is exactly what is opened.
 */
export function normalizeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null; // Not a URL at all: nothing to open.
  }
  if (url.protocol === 'x-apple.systempreferences:') {
    // An optional anchor inside the pane (`?Privacy_Accessibility`) is a plain word.
    return ALLOWED_SETTINGS_PANES.has(url.pathname) && /^(\?[A-Za-z0-9_]+)?$/.test(url.search) && url.hash === '' ? url.href : null;
  }
  const ok = url.protocol === 'https:' && ALLOWED_HTTPS_HOSTS.has(url.hostname) && url.username === '' && url.password === '' && url.port === '';
  return ok ? url.href : null;
}

export function isAllowedExternalUrl(raw: string): boolean {
  return normalizeExternalUrl(raw) !== null;
}
