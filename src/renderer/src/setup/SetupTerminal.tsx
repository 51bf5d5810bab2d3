import { useEffect, useRef } from 'react';
import { openExternalUrl, terminalBridge } from './setup-store';
import { createXtermPort } from './xterm-port';

/** A window drag fires many resizes; the pty only needs the size it settles on. */
const FIT_DEBOUNCE_MS = 80;

/** The xterm.js terminal, fitted to its box and attached to the session bridge while mounted. */
export function SetupTerminal() {
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const port = createXtermPort(host, { onOpenLink: (url) => void openExternalUrl(url, null) });
    const detach = terminalBridge.attach(port);
    const fitNow = () => {
      const size = port.fit();
      if (size) terminalBridge.resize(size);
    };
    fitNow();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            clearTimeout(timer);
            timer = setTimeout(fitNow, FIT_DEBOUNCE_MS);
          });
    observer?.observe(host);
    return () => {
      observer?.disconnect();
      clearTimeout(timer);
      detach();
      port.dispose();
    };
  }, []);

  return <div ref={hostRef} className="terminal-host" data-testid="setup-terminal" />;
}
