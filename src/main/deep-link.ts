// egpu-companion:// links (from documentation, the CLI or a second launch) and what they open.

export const DEEP_LINK_SCHEME = 'egpu-companion';

export type DeepLinkAction = 'open-setup' | 'show-popover';

const ACTIONS: Record<string, DeepLinkAction> = {
  setup: 'open-setup',
  open: 'show-popover',
  status: 'show-popover',
};

/** `egpu-companion://setup` → 'open-setup', `egpu-companion://open` → 'show-popover'; anything else → null. */
export function parseDeepLink(url: string): DeepLinkAction | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: not a link of ours, same as any other unknown link.
    return null;
  }
  if (parsed.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // `scheme://setup` puts the word in the host, `scheme:setup` in the path.
  const word = (parsed.host || parsed.pathname.replace(/^\/+/, '').split('/')[0] || '').toLowerCase();
  return Object.prototype.hasOwnProperty.call(ACTIONS, word) ? (ACTIONS[word] ?? null) : null;
}

/** Windows and Linux pass the link as a command-line argument; macOS uses the open-url event. */
export function deepLinkFromArgv(argv: readonly string[]): DeepLinkAction | null {
  for (const argument of argv) {
    if (!argument.startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const action = parseDeepLink(argument);
    if (action) return action;
  }
  return null;
}
