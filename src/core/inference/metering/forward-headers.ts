// Which headers cross the metering proxy. Hop-by-hop headers belong to each connection, not to the
// message (RFC 9110 §7.6.1): the fixed set below plus every header the `Connection` header names.

const ALWAYS_HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

/** The header names a message's `Connection` headers list (lower case). */
export function connectionNamed(raw: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'connection') continue;
    for (const token of raw[i + 1]!.split(',')) {
      const name = token.trim().toLowerCase();
      if (name) named.add(name);
    }
  }
  return named;
}

/**
 * The end-to-end headers of a message as raw name/value pairs, in order. `alsoDrop` removes more
 * (the request's Host, which the proxy sets itself).
 */
export function endToEndHeaders(raw: readonly string[], alsoDrop: readonly string[] = []): string[] {
  const named = connectionNamed(raw);
  const extra = new Set(alsoDrop.map((name) => name.toLowerCase()));
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (ALWAYS_HOP_BY_HOP.has(name) || named.has(name) || extra.has(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}
