import { lazy, Suspense } from 'react';
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
  const tray = useUi((ui) => ui.state?.tray ?? 'unknown');
  const trayTitle = useUi((ui) => ui.trayTitle);
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
  return (
    <div className="web-shell">
      <div className="fake-menubar" aria-hidden="true">
        <span className="fake-menubar-apple"></span>
        <span className={`fake-tray fake-tray-${tray}`} title="eGPU Companion menu-bar icon">
          ▣
        </span>
        {trayTitle && (
          <span className="fake-tray-title" data-testid="tray-title">
            {trayTitle}
          </span>
        )}
      </div>
      <div className={route === 'popover' || route === 'doctor' ? 'web-popover' : 'web-window'}>{content}</div>
    </div>
  );
}
