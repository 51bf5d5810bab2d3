// The Status tab: warnings first (one line each), the compact device block, one power line, one
// inference line. Device-only controls hide without a device; setup is offered once, where it is not
// done. Long text waits behind "Details" and in Activity.
import { useState } from 'react';
import { SLEEP_SOON_HAZARD_ID, type UnplugStatus } from '../../../core/api/power';
import { POWER_WORDS } from '../../../core/api/present';
import { linkHazardId, type AppState, type Hazard, type HazardAction } from '../../../core/api/schemas';
import { Button } from '../components/controls';
import { DemoControls } from '../components/DemoControls';
import { DoctorEntry } from '../components/DoctorEntry';
import { GpuCard } from '../components/GpuCard';
import { HazardList } from '../components/HazardList';
import { InferenceLine } from '../components/InferenceLine';
import { PowerRow } from '../components/PowerRow';
import { prepareUnplug, UnplugPanel } from '../components/UnplugPanel';
import { runAction } from '../store';

/** Driver states only setup can fix. */
const SETUP_DRIVER_STATES = new Set(['not-installed', 'awaiting-approval', 'disabled']);

export function StatusTab({ state, onHazardAction, onOpenSetup }: { state: AppState; onHazardAction: (hazard: Hazard, action: HazardAction) => void; onOpenSetup: () => void }) {
  const [unplug, setUnplug] = useState<UnplugStatus | null>(null);
  const hazardIds = new Set(state.hazards.map((hazard) => hazard.id));
  const sleepSoon = state.hazards.find((hazard) => hazard.id === SLEEP_SOON_HAZARD_ID) ?? null;
  // The power line counts the sleep warning down live; the list would show a stale figure.
  const listed = state.power?.warning ? state.hazards.filter((hazard) => hazard.id !== SLEEP_SOON_HAZARD_ID) : state.hazards;
  const hasDevice = state.devices.length > 0;
  const setupOffered = listed.some((hazard) => hazard.actions.some((action) => action.kind === 'open-setup'));
  const needsSetup = state.tray !== 'unknown' && SETUP_DRIVER_STATES.has(state.driver.state) && !setupOffered;
  return (
    <>
      {state.notices.map((notice) => (
        <div key={notice.id} className={`banner banner-${notice.level}`} role="status">
          <span className="banner-text">{notice.message}</span>
          <Button variant="link" onClick={() => void runAction((api) => api.dismissNotice({ id: notice.id }))}>
            Dismiss
          </Button>
        </div>
      ))}
      <HazardList hazards={listed} onAction={onHazardAction} />
      {state.devices.map((device) => (
        <GpuCard
          key={device.key}
          device={device}
          driver={state.driver}
          degraded={hazardIds.has(linkHazardId(device.key))}
          action={
            state.power?.supported && (
              <Button variant="link" onClick={() => void prepareUnplug().then(setUnplug)}>
                {POWER_WORDS.prepareUnplug}
              </Button>
            )
          }
        />
      ))}
      {hasDevice && unplug && <UnplugPanel status={unplug} onChange={setUnplug} onClose={() => setUnplug(null)} />}
      {state.tray !== 'unknown' && <DoctorEntry />}
      {!hasDevice && state.tray !== 'unknown' && (
        <section className="device device-empty" data-testid="no-device">
          <div className="empty-title">No eGPU connected</div>
          <div className="muted">Connect the eGPU before starting or waking the Mac: hot-plug is unreliable with this driver.</div>
          {needsSetup && (
            <Button variant="primary" onClick={onOpenSetup}>
              Set up eGPU
            </Button>
          )}
        </section>
      )}
      {hasDevice && state.power && <PowerRow power={state.power} sleepWhy={sleepSoon?.why ?? null} />}
      <InferenceLine egpuConnected={hasDevice} />
      {state.demo && <DemoControls scenario={state.demo.scenario} onChange={(scenario) => void runAction((api) => api.setDemoScenario({ scenario }))} />}
    </>
  );
}
