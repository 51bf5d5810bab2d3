// UI state: what the core last told us, plus connection status. Components read from here; anything
// that changes the world is an action in a store module (this file, inference-store.ts,
// setup/setup-store.ts), and a failed action lands in `actionError`, the one error surface
// (ActionErrorBanner). Lint keeps setState and silent catches out of every other module.
import { create } from 'zustand';
import type { CompanionApi } from '../../core/api/contract';
import type { InferenceStatus, Measurement } from '../../core/api/inference';
import type { AppInfo, AppState, MonitorEvent } from '../../core/api/schemas';
import { activityList } from './activity';
import { addReading, EMPTY_LIVE, type LiveState } from './live-series';
import type { ConnectionState } from './transport/ws-transport';

export interface UiState {
  api: CompanionApi | null;
  info: AppInfo | null;
  state: AppState | null;
  events: MonitorEvent[];
  connection: ConnectionState;
  /** Last error from a command the user triggered, shown once. */
  actionError: string | null;
  busy: boolean;
  inference: InferenceStatus | null;
  live: LiveState;
  /** What the menu-bar title shows while a generation runs ("42 tok/s"), null otherwise. */
  trayTitle: string | null;
  /** Measurements that arrived while the app was open, newest first. */
  measurements: Measurement[];
}

export const useUi = create<UiState>(() => ({
  api: null,
  info: null,
  state: null,
  events: [],
  connection: 'connecting',
  actionError: null,
  busy: false,
  inference: null,
  live: EMPTY_LIVE,
  trayTitle: null,
  measurements: [],
}));

const MAX_EVENTS = 200;

/** Connects the store to an api: initial fetch + live subscriptions. Returns a disposer. */
export function bindApi(api: CompanionApi, onConnectionChange?: (listener: (state: ConnectionState) => void) => () => void): () => void {
  useUi.setState({ api });
  const disposers: Array<() => void> = [
    api.on('state', (state) => useUi.setState({ state })),
    api.on('monitorEvent', (event) => useUi.setState((ui) => ({ events: activityList([event, ...ui.events], MAX_EVENTS) }))),
    api.on('inferenceLive', (reading) => useUi.setState((ui) => ({ live: addReading(ui.live, reading, Date.now()) }))),
    api.on('inferenceTrayTitle', ({ text }) => useUi.setState({ trayTitle: text })),
    // The managed tinygrad server's phase, log and last request, as they change.
    api.on('tinygradStatus', (tinygrad) => useUi.setState((ui) => (ui.inference ? { inference: { ...ui.inference, tinygrad } } : {}))),
    api.on('inferenceMeasurement', (measurement) => {
      useUi.setState((ui) => ({ measurements: [measurement, ...ui.measurements].slice(0, MAX_EVENTS) }));
      void refreshInference(api);
    }),
  ];
  if (onConnectionChange) {
    disposers.push(
      onConnectionChange((connection) => {
        useUi.setState({ connection });
        if (connection === 'open') void loadInitial(api);
      }),
    );
  } else {
    useUi.setState({ connection: 'open' });
    void loadInitial(api);
  }
  return () => disposers.forEach((dispose) => dispose());
}

async function loadInitial(api: CompanionApi): Promise<void> {
  try {
    const [info, state, events] = await Promise.all([api.getAppInfo({}), api.getState({}), api.getEventLog({ limit: MAX_EVENTS })]);
    useUi.setState({ info, state, events: activityList(events, MAX_EVENTS) });
  } catch (error) {
    useUi.setState({ actionError: messageOf(error) });
  }
  await refreshInference(api);
}

/** Re-reads the inference status (servers, proxy, last result per model). */
export async function refreshInference(api: CompanionApi): Promise<void> {
  try {
    useUi.setState({ inference: await api.getInferenceStatus({}) });
  } catch {
    // An older core without inference: the popover simply shows no inference section.
  }
}

/** Replaces the inference status with one a command answered with. */
export function applyInference(inference: InferenceStatus): void {
  useUi.setState({ inference });
}

/** Shows a failed action on the one error surface. */
export function reportError(error: unknown): void {
  useUi.setState({ actionError: messageOf(error) });
}

export function dismissActionError(): void {
  useUi.setState({ actionError: null });
}

/**
 * Runs a user action, keeping one busy flag and one error line for the UI. A long action (a benchmark
 * that may run for many minutes) passes `holdBusy: false` and keeps the rest of the UI usable.
 */
export async function runAction<T>(action: (api: CompanionApi) => Promise<T>, options: { holdBusy?: boolean } = {}): Promise<T | undefined> {
  const { api } = useUi.getState();
  if (!api) return undefined;
  const holdBusy = options.holdBusy ?? true;
  useUi.setState(holdBusy ? { busy: true, actionError: null } : { actionError: null });
  try {
    return await action(api);
  } catch (error) {
    useUi.setState({ actionError: messageOf(error) });
    return undefined;
  } finally {
    if (holdBusy) useUi.setState({ busy: false });
  }
}

/** A read for a view: a failure shows on the error surface without clearing what is shown there. */
export async function runRead<T>(read: (api: CompanionApi) => Promise<T>): Promise<T | undefined> {
  const { api } = useUi.getState();
  if (!api) return undefined;
  try {
    return await read(api);
  } catch (error) {
    reportError(error);
    return undefined;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
