import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { trayTitleText, trayTitleTicks } from '../../core/api/tray-title';
import { EgpuGlyph } from './components/icons';
import { useRoute } from './router';
import { useUi } from './store';
import { Popover } from './views/Popover';

// The wizard (and xterm.js with it) loads only when opened, so the popover starts light.
const SetupView = lazy(() => import('./views/SetupView').then((module) => ({ default: module.SetupView })));
// The speed view brings uPlot; it too loads only when opened.
const SpeedView = lazy(() => import('./views/SpeedView').then((module) => ({ default: module.SpeedView })));
const DoctorView = lazy(() => import('./views/DoctorView').then((module) => ({ default: module.DoctorView })));

export function App() {
  const route = useRoute();
  const transport = useUi((ui) => ui.info?.transport);
  const content =
    route === 'setup' ? (
      <Suspense fallback={<p className="muted">Loading setup…</p>}>
        <SetupView />
      </Suspense>
    ) : route === 'doctor' ? (
      <Suspense fallback={<p className="muted">Loading the doctor…</p>}>
        <DoctorView />
      </Suspense>
    ) : route === 'speed' ? (
      <Suspense fallback={<p className="muted">Loading speed…</p>}>
        <SpeedView />
      </Suspense>
    ) : (
      <Popover />
    );
  // In the browser there is no menu bar, so web mode draws one above the popover.
  if (transport !== 'web') return content;
  return <WebShell route={route}>{content}</WebShell>;
}

/** The Mac's tray title: the sleep countdown (ticking each second) or the live tok/s. */
function useTrayTitle(): string | null {
  const state = useUi((ui) => ui.state);
  const inferenceTitle = useUi((ui) => ui.trayTitle);
  const ticks = trayTitleTicks(state);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticks) return undefined;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [ticks, state?.power?.at]);
  return trayTitleText(state, now) || inferenceTitle;
}

/**
 * Web mode's stand-in for the Mac's menu bar: the status item at the right (its icon pinned there at
 * any width) with the tray title beside it, as on the Mac (sleep countdown, tok/s). Clicking it, or
 * Escape, closes and opens the popover.
 */
function WebShell({ route, children }: { route: string; children: ReactNode }) {
  const tray = useUi((ui) => ui.state?.tray ?? 'unknown');
  const trayTitle = useTrayTitle();
  const [open, setOpen] = useState(true);
  useEffect(() => {
    if (route !== 'popover') return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route]);
  return (
    <div className="web-shell">
      <div className="fake-menubar">
        <span className="fake-menubar-apple" aria-hidden="true" />
        <button
          type="button"
          className={`fake-tray fake-tray-${tray}`}
          aria-label="eGPU Companion"
          aria-expanded={route === 'popover' ? open : undefined}
          onClick={() => (route === 'popover' ? setOpen(!open) : (window.location.hash = '#/popover'))}
        >
          <EgpuGlyph />
          {trayTitle && (
            <span className="fake-tray-title" data-testid="tray-title">
              {trayTitle}
            </span>
          )}
        </button>
      </div>
      {route === 'popover' || route === 'doctor' ? open && <div className="web-popover">{children}</div> : <div className="web-window">{children}</div>}
    </div>
  );
}
