// Hash routes: #/popover (default), #/setup, #/doctor and #/speed (#/speed/run-egpu scrolls to the eGPU server
// card). Hash routing works for file:// pages in Electron.
import { useSyncExternalStore } from 'react';

export type Route = 'popover' | 'setup' | 'speed' | 'doctor';

export function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path.startsWith('setup')) return 'setup';
  if (path.startsWith('doctor')) return 'doctor';
  return path.startsWith('speed') ? 'speed' : 'popover';
}

/** A part of a view to show first ("#/speed/run-egpu"): the view scrolls it into sight. */
export type Section = 'run-egpu';

export function navigate(route: Route, section?: Section): void {
  window.location.hash = section ? `#/${route}/${section}` : `#/${route}`;
}

/**
 * Shows the Speed view: in the Mac app its own window (the main process opens one when a page asks to
 * open our own `#/speed`), in a browser the route at full size.
 */
export function openSpeed(transport: 'electron' | 'web' | 'direct' | undefined, section?: Section): void {
  if (transport === 'electron') {
    window.open(section ? `#/speed/${section}` : '#/speed');
    return;
  }
  navigate('speed', section);
}

export function sectionFromHash(hash: string): Section | null {
  return /^#?\/?[a-z]+\/run-egpu\b/.test(hash) ? 'run-egpu' : null;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
