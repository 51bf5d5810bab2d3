// Decides which desktop notifications a poll deserves: one per new warning/critical hazard
// occurrence (never again while it stays), filtered by the user's notification toggles.
import type { Hazard } from '../api/schemas';
import type { Settings } from '../api/settings';
import type { Notification } from '../ports';
import { DEAD_LINK_HAZARD_ID, PROBE_FAILING_HAZARD_ID } from '../api/hazards';

export type NotificationTopic = keyof Settings['notifications'];

/** Which settings toggle governs a hazard. */
export function notificationTopic(hazardId: string): NotificationTopic {
  if (hazardId.startsWith('hot-plug-')) return 'hotPlug';
  if (hazardId.startsWith('link-') || hazardId === DEAD_LINK_HAZARD_ID) return 'link';
  if (hazardId === PROBE_FAILING_HAZARD_ID) return 'probeFailing';
  // driver-*, the driver not binding, unsupported GPUs and Intel hosts: all "will the driver work here".
  return 'driver';
}

export function notificationId(hazard: Pick<Hazard, 'id' | 'since'>): string {
  return `${hazard.id}:${hazard.since}`;
}

const BODY_MAX_CHARS = 220;

/**
 * The first sentences of a text that fit a notification; the popover has the rest. Sentence ends come
 * from ICU's sentence rules (Intl.Segmenter), so the "1." of "TinyGPU 1.0.x" or an "e.g." is not one.
 */
export function briefly(text: string, max = BODY_MAX_CHARS): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  let body = '';
  for (const { segment } of SENTENCES.segment(trimmed)) {
    if ((body + segment).trim().length > max) break;
    body += segment;
  }
  return body.trim() || `${trimmed.slice(0, max - 1).trimEnd()}…`;
}

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

export function notificationsFor(prevHazards: Hazard[], nextHazards: Hazard[], settings: Settings['notifications']): Notification[] {
  const known = new Set(prevHazards.map(notificationId));
  const fresh = nextHazards.filter((hazard) => hazard.severity !== 'info' && !known.has(notificationId(hazard)));
  return fresh
    .filter((hazard) => settings[notificationTopic(hazard.id)])
    .map((hazard) => ({
      id: notificationId(hazard),
      title: hazard.title,
      body: briefly(hazard.why),
      severity: hazard.severity,
    }));
}
