// The only addresses the app will open for the UI: System Settings panes and a few known sites.
const ALLOWED_HTTPS_HOSTS = new Set([
  'github.com',
  'docs.tinygrad.org',
  'tinygrad.org',
  'ollama.com',
  'docs.docker.com',
  'www.docker.com',
  'brew.sh',
]);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'x-apple.systempreferences:') return true;
  return url.protocol === 'https:' && ALLOWED_HTTPS_HOSTS.has(url.hostname) && url.username === '' && url.password === '';
}
