// Keeps the servers' health current while a view that shows it is on screen: subscribed to
// `inferenceServers` only while the window is visible, so a hidden popover costs the core no checks.
import { useEffect } from 'react';
import { applyServers } from './inference-store';
import { refreshInference, useUi } from './store';

export function useServerHealth(): void {
  const api = useUi((ui) => ui.api);
  useEffect(() => {
    if (!api) return undefined;
    let unsubscribe: (() => void) | null = null;
    const follow = () => {
      const visible = document.visibilityState !== 'hidden';
      if (visible && !unsubscribe) {
        unsubscribe = api.on('inferenceServers', ({ servers }) => applyServers(servers));
        // What changed while hidden reached nobody: read the (at most 10 s old) status once.
        void refreshInference(api);
      } else if (!visible && unsubscribe) {
        unsubscribe();
        unsubscribe = null;
      }
    };
    follow();
    document.addEventListener('visibilitychange', follow);
    return () => {
      document.removeEventListener('visibilitychange', follow);
      unsubscribe?.();
    };
  }, [api]);
}

