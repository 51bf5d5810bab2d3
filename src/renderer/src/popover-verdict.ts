// What the popover says first: the one-line verdict in its header and the order of its warnings.
// Current trouble comes before past events (an unplug a minute ago), and within each the most severe
// first; the verdict is the first current warning, so after an unplug and then "driver not loaded" the
// headline is the driver, not the unplug.
import { SLEEP_SOON_HAZARD_ID } from '../../core/api/power';
import { TRAY_STATE_WORDS } from '../../core/api/present';
import type { AppState, Hazard, Severity } from '../../core/api/schemas';
import { displayText } from '../../core/api/display-text';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Hazards that report something that happened (and stay until dismissed), not how things are now. */
export function isPastEvent(hazard: Pick<Hazard, 'id'>): boolean {
  return hazard.id.startsWith('hot-plug-');
}

/** Current before past, then most severe first; the core's order breaks ties. */
export function orderHazards(hazards: readonly Hazard[]): Hazard[] {
  return hazards
    .map((hazard, index) => ({ hazard, index }))
    .sort(
      (a, b) =>
        Number(isPastEvent(a.hazard)) - Number(isPastEvent(b.hazard)) ||
        SEVERITY_RANK[a.hazard.severity] - SEVERITY_RANK[b.hazard.severity] ||
        a.index - b.index,
    )
    .map(({ hazard }) => hazard);
}

export type VerdictTone = 'ok' | 'info' | 'warning' | 'critical' | 'unknown';

export interface Verdict {
  text: string;
  tone: VerdictTone;
}

/** The header's one line: the most severe current hazard, or what the state is ("Ready"). */
export function verdictOf(state: AppState | null, connection: 'connecting' | 'open' | 'closed'): Verdict {
  if (!state) return { text: connection === 'closed' ? 'Reconnecting…' : 'Connecting…', tone: 'unknown' };
  if (state.probe.error) return { text: "Can't read the eGPU status", tone: 'unknown' };
  const top = orderHazards(state.hazards).find((hazard) => hazard.severity !== 'info');
  if (top) return { text: top.id === SLEEP_SOON_HAZARD_ID ? 'Mac will sleep soon' : displayText(top.title), tone: top.severity };
  if (state.devices.length === 0) return { text: displayText(state.summary) || TRAY_STATE_WORDS.disconnected, tone: 'unknown' };
  return { text: TRAY_STATE_WORDS.ok, tone: 'ok' };
}
