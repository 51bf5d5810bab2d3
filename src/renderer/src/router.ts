// Hash routes: #/popover (default) and #/setup. Hash routing works for file:// pages in Electron.
import { useSyncExternalStore } from 'react';

export type Route = 'popover' | 'setup';

export function routeFromHash(hash: string): Route {
  return hash.replace(/^#\/?/, '').startsWith('setup') ? 'setup' : 'popover';
}

export function navigate(route: Route): void {
  window.location.hash = `#/${route}`;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
