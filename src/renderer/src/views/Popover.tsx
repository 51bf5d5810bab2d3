// The menu-bar popover: a pinned header (state dot and the one-line verdict), the tabs, a body that
// fits 380×560 in the common states, and a pinned footer. Escape closes it: the Mac app's window
// (src/main/windows.ts) and web mode's menu bar (App.tsx) handle the key.
import { useState } from 'react';
import type { Hazard, HazardAction } from '../../../core/api/schemas';
import { TRAY_STATE_WORDS } from '../../../core/api/present';
import { displayText } from '../../../core/api/display-text';
import { ActionErrorBanner } from '../components/ActionErrorBanner';
import { Button, SegmentedTabs } from '../components/controls';
import { RefreshIcon } from '../components/icons';
import { timeAgo } from '../format';
import { verdictOf } from '../popover-verdict';
import { navigate } from '../router';
import { SetupBadge } from '../setup/SetupBadge';
import { runAction, useUi } from '../store';
import { ActivityView } from './ActivityView';
import { SettingsView } from './SettingsView';
import { StatusTab } from './StatusTab';

type Tab = 'status' | 'activity' | 'settings';
const TABS = [
  { value: 'status', label: 'Status' },
  { value: 'activity', label: 'Activity' },
  { value: 'settings', label: 'Settings' },
] as const;

export function Popover() {
  const state = useUi((ui) => ui.state);
  const connection = useUi((ui) => ui.connection);
  const busy = useUi((ui) => ui.busy);
  const [tab, setTab] = useState<Tab>('status');
  const [diagnosticsPath, setDiagnosticsPath] = useState<string | null>(null);
  const verdict = verdictOf(state, connection);

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
        <span className={`status-dot status-${verdict.tone}`} aria-hidden="true" />
        <div className="header-text">
          <div className="header-verdict" data-testid="verdict" title={state ? displayText(state.summary) : undefined}>
            {verdict.text}
          </div>
          <div className="header-status">
            eGPU Companion · <span data-testid="tray-state">{state ? TRAY_STATE_WORDS[state.tray] : connection === 'closed' ? 'Reconnecting…' : 'Connecting…'}</span>
          </div>
        </div>
        <Button variant="icon" aria-label="Refresh" title="Refresh" disabled={busy} onClick={() => void runAction((api) => api.refresh({}))}>
          <RefreshIcon />
        </Button>
      </header>

      <nav className="popover-tabs">
        <SegmentedTabs label="Popover sections" segments={TABS} value={tab} onChange={setTab} />
      </nav>

      <main className="popover-body" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {connection === 'closed' && <div className="banner banner-warning">Lost the connection to eGPU Companion. Reconnecting…</div>}
        <ActionErrorBanner />
        {diagnosticsPath && (
          <div className="banner banner-info" role="status">
            <span className="banner-text">
              Diagnostics saved to <code>{diagnosticsPath}</code>
            </span>
          </div>
        )}
        {tab === 'status' && state && <StatusTab state={state} onHazardAction={onHazardAction} onOpenSetup={() => void openSetup()} />}
        {tab === 'activity' && <ActivityView />}
        {tab === 'settings' && <SettingsView onOpenSetup={() => void openSetup()} />}
      </main>

      <footer className="popover-footer" data-testid="popover-footer">
        <ProbeLine />
        <span className="footer-actions">
          <SetupBadge onOpen={() => void openSetup()} />
          <Button variant="link" onClick={() => void copyDiagnostics(setDiagnosticsPath)}>
            Copy diagnostics
          </Button>
        </span>
      </footer>
    </div>
  );
}

function ProbeLine() {
  const state = useUi((ui) => ui.state);
  if (!state) return <span className="probe-line muted">Waiting for the first check…</span>;
  const { probe } = state;
  return probe.error ? (
    <span className="probe-line probe-error" role="alert" data-testid="probe-error" title={displayText(probe.error)}>
      {displayText(probe.error)}
    </span>
  ) : (
    <span className="probe-line muted" data-testid="probe-line">
      {probe.lastAt ? `Checked ${timeAgo(probe.lastAt, Date.now())}` : 'Not checked yet'}
      {probe.source ? ` via ${probe.source}` : ''}
    </span>
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
