// What the updater is doing, as a pure reducer, and what the tray menu shows for it. The controller
// in updater.ts feeds it electron-updater's events; tests feed it directly.
import { DAY_MS } from '../core/api/durations';

export type UpdatePhase = 'unsupported' | 'idle' | 'checking' | 'downloading' | 'downloaded' | 'error';

export interface UpdateState {
  phase: UpdatePhase;
  /** The version being downloaded or ready to install. */
  version: string | null;
  /** When the last check finished (ok or not), ms since the epoch. */
  lastCheckedAt: number | null;
  /** The last failure, one line, for the menu's tooltip and the log. */
  error: string | null;
  /** The user asked from the menu: tell them the outcome; a quiet check says nothing. */
  manual: boolean;
}

export type UpdateEvent =
  | { type: 'check-started'; manual: boolean }
  | { type: 'update-available'; version: string }
  | { type: 'update-not-available'; at: number }
  | { type: 'downloaded'; version: string; at: number }
  | { type: 'failed'; message: string; at: number };

export const initialUpdateState = (supported: boolean): UpdateState => ({
  phase: supported ? 'idle' : 'unsupported',
  version: null,
  lastCheckedAt: null,
  error: null,
  manual: false,
});

export function reduceUpdate(state: UpdateState, event: UpdateEvent): UpdateState {
  if (state.phase === 'unsupported') return state;
  switch (event.type) {
    case 'check-started':
      // A downloaded update stays ready; checking again must not hide "Restart to update".
      if (state.phase === 'downloaded' || state.phase === 'downloading') return { ...state, manual: state.manual || event.manual };
      return { ...state, phase: 'checking', error: null, manual: event.manual };
    case 'update-available':
      return { ...state, phase: 'downloading', version: event.version, error: null };
    case 'update-not-available':
      if (state.phase === 'downloaded') return { ...state, lastCheckedAt: event.at };
      return { ...state, phase: 'idle', version: null, lastCheckedAt: event.at, error: null };
    case 'downloaded':
      return { ...state, phase: 'downloaded', version: event.version, lastCheckedAt: event.at, error: null };
    case 'failed':
      // A failed re-check keeps an update that is already downloaded.
      if (state.phase === 'downloaded') return { ...state, lastCheckedAt: event.at };
      return { ...state, phase: 'error', lastCheckedAt: event.at, error: oneLine(event.message) };
  }
}

export { DAY_MS };

/** The quiet check runs at most once a day, never while busy, and not once an update is waiting. */
export function quietCheckDue(state: UpdateState, now: number, busy: boolean): boolean {
  if (busy || state.phase === 'unsupported' || state.phase === 'checking' || state.phase === 'downloading' || state.phase === 'downloaded') {
    return false;
  }
  return state.lastCheckedAt === null || now - state.lastCheckedAt >= DAY_MS;
}

export type UpdateAction = 'check' | 'restart' | null;

export interface UpdateMenuItem {
  label: string;
  enabled: boolean;
  toolTip?: string;
  action: UpdateAction;
}

/** The tray menu's update item. Restarting waits while a setup step or a generation runs. */
export function updateMenuItem(state: UpdateState, busy: boolean): UpdateMenuItem {
  switch (state.phase) {
    case 'unsupported':
      return { label: 'Check for updates…', enabled: false, toolTip: 'Updates come with the packaged app', action: null };
    case 'checking':
      return { label: 'Checking for updates…', enabled: false, action: null };
    case 'downloading':
      return { label: state.version ? `Downloading version ${state.version}…` : 'Downloading the update…', enabled: false, action: null };
    case 'downloaded':
      return busy
        ? { label: `Restart to update to ${state.version ?? 'the new version'}`, enabled: false, toolTip: 'Available when the running setup step or generation has finished', action: null }
        : { label: `Restart to update to ${state.version ?? 'the new version'}`, enabled: true, action: 'restart' };
    case 'error':
      return { label: 'Check for updates…', enabled: true, toolTip: `Last check failed: ${state.error ?? 'unknown error'}`, action: 'check' };
    case 'idle':
      return { label: 'Check for updates…', enabled: true, action: 'check' };
  }
}

/** What a check the user asked for tells them when it ends; null while it runs or for quiet checks. */
export function manualCheckOutcome(state: UpdateState, currentVersion: string): { message: string; detail: string } | null {
  if (!state.manual) return null;
  if (state.phase === 'idle') return { message: 'eGPU Companion is up to date', detail: `Version ${currentVersion} is the newest.` };
  if (state.phase === 'error') return { message: 'Could not check for updates', detail: state.error ?? 'Unknown error.' };
  if (state.phase === 'downloaded') return { message: `Version ${state.version ?? ''} is ready`, detail: 'Choose "Restart to update" in the menu to install it.' };
  return null;
}

function oneLine(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line || 'unknown error';
}

/** Why "Restart to update" waits: "A setup step and a tinygrad benchmark are running. …". */
export function busyDetail(jobs: readonly string[]): string {
  const named = jobs.length === 0 ? 'A long job' : jobs.length === 1 ? jobs[0]! : `${jobs.slice(0, -1).join(', ')} and ${jobs.at(-1)!}`;
  const sentence = `${named.charAt(0).toUpperCase()}${named.slice(1)} ${jobs.length > 1 ? 'are' : 'is'} running.`;
  return `${sentence} Restart to update once ${jobs.length > 1 ? 'they have' : 'it has'} finished.`;
}
