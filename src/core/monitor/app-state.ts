// Turns the monitor's memory and the current hazards into the AppState the tray and popover show.
import { summaryLine } from '../api/present';
import type { AppState, Hazard, Notice, TrayState } from '../api/schemas';
import { isProbeFailing, type MonitorState } from './monitor-state';

function trayState(state: MonitorState, hazards: Hazard[]): TrayState {
  if (state.lastSuccess === null || isProbeFailing(state)) return 'unknown';
  if (state.devices.length === 0) return 'disconnected';
  if (hazards.some((hazard) => hazard.severity !== 'info')) return 'warning';
  return 'ok';
}

export interface AppStateExtras {
  notices: Notice[];
  demo: AppState['demo'];
  intervalMs: number;
}

export function toAppState(state: MonitorState, hazards: Hazard[], extras: AppStateExtras): AppState {
  const failing = isProbeFailing(state);
  const showDevices = state.lastSuccess !== null && !failing;
  return {
    tray: trayState(state, hazards),
    summary: summaryLine({
      checking: state.lastSuccess === null,
      probeError: failing ? (state.probe.error ?? 'the probe failed') : null,
      devices: state.devices,
      driverState: state.driver.state,
      hazards,
    }),
    devices: showDevices ? state.devices : [],
    driver: state.driver,
    health: state.health,
    hazards,
    probe: {
      lastAt: state.probe.lastAt,
      source: state.probe.source,
      error: state.probe.error,
      consecutiveFailures: state.probe.consecutiveFailures,
      intervalMs: extras.intervalMs,
    },
    notices: extras.notices,
    demo: extras.demo,
  };
}
