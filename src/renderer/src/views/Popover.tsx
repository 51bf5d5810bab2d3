import { useState } from 'react';
import { linkHazardId, type AppState, type Hazard, type HazardAction } from '../../../core/api/schemas';
import { ActionErrorBanner } from '../components/ActionErrorBanner';
import { DemoControls } from '../components/DemoControls';
import { GpuCard } from '../components/GpuCard';
import { HazardList } from '../components/HazardList';
import { InferencePanel } from '../components/InferencePanel';
import { PowerRow } from '../components/PowerRow';
import { SLEEP_SOON_HAZARD_ID } from '../../../core/api/power';
import { TRAY_STATE_WORDS } from '../../../core/api/present';
import { timeAgo } from '../format';
import { navigate } from '../router';
import { SetupBadge } from '../setup/SetupBadge';
import { runAction, useUi } from '../store';
import { ActivityView } from './ActivityView';
import { SettingsView } from './SettingsView';

type Tab = 'status' | 'activity' | 'settings';

export function Popover() {
  const state = useUi((ui) => ui.state);
  const connection = useUi((ui) => ui.connection);
  const busy = useUi((ui) => ui.busy);
  const [tab, setTab] = useState<Tab>('status');
  const [diagnosticsPath, setDiagnosticsPath] = useState<string | null>(null);

  const onHazardAction = (hazard: Hazard, action: HazardAction) => {
    switch (action.kind) {
      case 'refresh':
        return void runAction((api) => api.refresh({}));
      case 'dismiss':
        return void runAction((api) => api.dismissHazard({ id: hazard.id }));
      case 'open-setup':
        return void openSetup();
      case 'copy-diagnostics':
        return void copyDiagnostics(setDiagnosticsPath);
      case 'open-url':
        return void runAction(async (api) => {
          const { opened } = await api.openExternal({ url: action.url });
          if (!opened) throw new Error(`Open this on your Mac: ${action.url}`);
        });
    }
  };

  return (
    <div className="popover" data-tray={state?.tray ?? 'unknown'}>
      <header className="popover-header">
        <span className={`status-dot status-${state?.tray ?? 'unknown'}`} aria-hidden="true" />
        <div className="header-text">
          <div className="header-title">eGPU Companion</div>
          <div className="header-status" data-testid="tray-state">
            {state ? TRAY_STATE_WORDS[state.tray] : connection === 'closed' ? 'Reconnecting…' : 'Connecting…'}
          </div>
        </div>
        <button type="button" className="icon-button" aria-label="Refresh" title="Refresh" disabled={busy} onClick={() => void runAction((api) => api.refresh({}))}>
          ↻
        </button>
      </header>

      <nav className="tabs" role="tablist">
        {(['status', 'activity', 'settings'] as const).map((name) => (
          <button key={name} role="tab" type="button" aria-selected={tab === name} className={tab === name ? 'tab active' : 'tab'} onClick={() => setTab(name)}>
            {name === 'status' ? 'Status' : name === 'activity' ? 'Activity' : 'Settings'}
          </button>
        ))}
      </nav>

      <main className="popover-body">
        {connection === 'closed' && <div className="banner banner-warning">Lost the connection to eGPU Companion. Reconnecting…</div>}
        <ActionErrorBanner />
        {diagnosticsPath && (
          <div className="banner banner-info" role="status">
            Diagnostics saved to <code>{diagnosticsPath}</code>
          </div>
        )}
        {tab === 'status' && state && <StatusTab state={state} onHazardAction={onHazardAction} />}
        {tab === 'activity' && <ActivityView />}
        {tab === 'settings' && <SettingsView />}
      </main>

      <footer className="popover-footer">
        <ProbeLine state={state} />
        <div className="footer-actions">
          <span className="footer-setup">
            <button type="button" className="link-button" onClick={() => void openSetup()}>
              Set up eGPU…
            </button>
            <SetupBadge onOpen={() => void openSetup()} />
          </span>
          <button type="button" className="link-button" onClick={() => void copyDiagnostics(setDiagnosticsPath)}>
            Copy diagnostics
          </button>
        </div>
      </footer>
    </div>
  );
}

function StatusTab({ state, onHazardAction }: { state: AppState; onHazardAction: (hazard: Hazard, action: HazardAction) => void }) {
  const hazardIds = new Set(state.hazards.map((hazard) => hazard.id));
  const needsSetup = state.tray !== 'unknown' && (state.devices.length === 0 || state.driver.state !== 'ready');
  return (
    <>
      {state.notices.map((notice) => (
        <div key={notice.id} className={`banner banner-${notice.level}`} role="status">
          {notice.message}
          <button type="button" className="link-button" onClick={() => void runAction((api) => api.dismissNotice({ id: notice.id }))}>
            Dismiss
          </button>
        </div>
      ))}
      <p className="summary" data-testid="summary">
        {state.summary}
      </p>
      {state.devices.map((device) => (
        <GpuCard key={device.key} device={device} driver={state.driver} degraded={hazardIds.has(linkHazardId(device.key))} />
      ))}
      {state.devices.length === 0 && state.tray !== 'unknown' && (
        <section className="card empty-card" data-testid="no-device">
          <div className="empty-title">No eGPU connected</div>
          <div className="muted">Connect the eGPU before booting or waking the Mac — hot-plug is unreliable with this driver.</div>
        </section>
      )}
      {needsSetup && (
        <button type="button" className="primary" onClick={() => void openSetup()}>
          Set up eGPU
        </button>
      )}
      {state.power && <PowerRow power={state.power} sleepSoon={state.hazards.find((hazard) => hazard.id === SLEEP_SOON_HAZARD_ID) ?? null} />}
      {/* The power row counts the sleep warning down live; the list would show a stale figure. */}
      <HazardList hazards={state.power?.warning ? state.hazards.filter((hazard) => hazard.id !== SLEEP_SOON_HAZARD_ID) : state.hazards} onAction={onHazardAction} />
      <InferencePanel />
      {state.demo && <DemoControls scenario={state.demo.scenario} onChange={(scenario) => void runAction((api) => api.setDemoScenario({ scenario }))} />}
    </>
  );
}

function ProbeLine({ state }: { state: AppState | null }) {
  if (!state) return <div className="probe-line muted">Waiting for the first check…</div>;
  const { probe } = state;
  return (
    <div className="probe-line">
      {probe.error ? (
        <span className="probe-error" role="alert" data-testid="probe-error">
          {probe.error}
        </span>
      ) : (
        <span className="muted" data-testid="probe-line">
          {probe.lastAt ? `Checked ${timeAgo(probe.lastAt, Date.now())}` : 'Not checked yet'}
          {probe.source ? ` via ${probe.source}` : ''}
        </span>
      )}
    </div>
  );
}

async function openSetup(): Promise<void> {
  const result = await runAction((api) => api.openSetup({}));
  if (!result?.opened) navigate('setup');
}

async function copyDiagnostics(show: (path: string) => void): Promise<void> {
  const result = await runAction((api) => api.copyDiagnostics({}));
  if (!result) return;
  show(result.path);
  try {
    await navigator.clipboard.writeText(result.text);
  } catch {
    // The file is saved either way; the clipboard can be unavailable (unfocused page, web mode).
  }
}
