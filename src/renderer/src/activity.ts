// The Activity list's order and de-duplication: newest first, whatever order events arrive in (the
// initial read is already newest-first, live events are prepended), and one line for an event the
// core reported twice within a few seconds (one unplug seen by two checks).
import type { MonitorEvent } from '../../core/api/schemas';

/** Two reports of the same thing this close together are one event. */
export const DUPLICATE_WINDOW_MS = 10_000;

export function activityList(events: readonly MonitorEvent[], max = Number.POSITIVE_INFINITY): MonitorEvent[] {
  const newest = [...events].sort((a, b) => b.at - a.at);
  const kept: MonitorEvent[] = [];
  for (const event of newest) {
    const repeat = kept.some((shown) => isRepeat(shown, event));
    if (!repeat) kept.push(event);
    if (kept.length >= max) break;
  }
  return kept;
}

function isRepeat(shown: MonitorEvent, event: MonitorEvent): boolean {
  return (
    shown.kind === event.kind &&
    shown.deviceKey === event.deviceKey &&
    shown.message === event.message &&
    Math.abs(shown.at - event.at) <= DUPLICATE_WINDOW_MS
  );
}
