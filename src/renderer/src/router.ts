// Hash routes: #/popover (default), #/setup and #/speed. Hash routing works for file:// pages in Electron.
import { useSyncExternalStore } from 'react';

export type Route = 'popover' | 'setup' | 'speed';

export function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path.startsWith('setup')) return 'setup';
  return path.startsWith('speed') ? 'speed' : 'popover';
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
