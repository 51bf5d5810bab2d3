import { describe, expect, it } from 'vitest';
import type { Hazard } from '../../../src/core/api/schemas';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/api/settings';
import { hotPlugLostId } from '../../../src/core/api/hazards';
import { briefly, notificationTopic, notificationsFor } from '../../../src/core/monitor/notifications';
import type { Notification } from '../../../src/core/ports';
import { MINUTE, SECOND, T0, driver, failed, link, rtx4090, runPolls, seen, type Step } from '../../builders/monitor';

const ALL_ON = DEFAULT_SETTINGS.notifications;

/** Every notification the service would send over a run of polls, in order. */
function notificationsOver(steps: Step[], settings: Settings['notifications'] = ALL_ON): Notification[][] {
  let previous: Hazard[] = [];
  return runPolls(steps).map((result) => {
    const sent = notificationsFor(previous, result.hazards, settings);
    previous = result.hazards;
    return sent;
  });
}

const SESSION: Step[] = [
  seen(T0 + SECOND, [rtx4090()]),
  seen(T0 + 5 * MINUTE, []),
  seen(T0 + 5 * MINUTE + 2 * SECOND, []),
  seen(T0 + 6 * MINUTE, [rtx4090()]),
  seen(T0 + 7 * MINUTE, [rtx4090({ link: link({ pcieWidth: 1 }) })]),
  seen(T0 + 7 * MINUTE + 2 * SECOND, [rtx4090({ link: link({ pcieWidth: 1 }) })]),
  seen(T0 + 8 * MINUTE, [rtx4090()], { driver: driver('awaiting-approval') }),
  failed(T0 + 9 * MINUTE),
  failed(T0 + 9 * MINUTE + 2 * SECOND),
  failed(T0 + 9 * MINUTE + 4 * SECOND),
];

describe('notificationsFor', () => {
  it('notifies once per new warning or critical hazard, never again while it stays', () => {
    const titles = notificationsOver(SESSION).map((sent) => sent.map((notification) => notification.title));
    expect(titles).toEqual([
      [],
      ['eGPU disconnected while in use'],
      [],
      ['eGPU was connected while the Mac was awake'],
      ['eGPU link is slower than expected'],
      [],
      ['TinyGPU is waiting for your approval'],
      [],
      ["Can't read the eGPU status"],
      [],
    ]);
  });

  it('identifies a notification by hazard id and first-seen time', () => {
    const [, lost] = notificationsOver(SESSION);
    expect(lost).toEqual([
      {
        id: `${hotPlugLostId(rtx4090().key)}:${T0 + 5 * MINUTE}`,
        title: 'eGPU disconnected while in use',
        body: expect.stringMatching(/^NVIDIA GeForce RTX 4090 disappeared while the Mac was awake\./),
        severity: 'critical',
      },
    ]);
  });

  it('notifies again when the same trouble comes back later', () => {
    const sent = notificationsOver([
      seen(T0 + SECOND, [rtx4090()]),
      seen(T0 + 5 * MINUTE, []),
      seen(T0 + 6 * MINUTE, [rtx4090()]),
      seen(T0 + 7 * MINUTE, []),
    ]).flat();
    const lostIds = sent.filter((notification) => notification.id.startsWith('hot-plug-lost')).map((notification) => notification.id);
    expect(lostIds).toHaveLength(2);
    expect(new Set(lostIds).size).toBe(2);
  });

  it('respects each toggle', () => {
    const count = (settings: Partial<Settings['notifications']>) =>
      notificationsOver(SESSION, { ...ALL_ON, ...settings })
        .flat()
        .map((notification) => notification.title);
    expect(count({ hotPlug: false })).toEqual([
      'eGPU link is slower than expected',
      'TinyGPU is waiting for your approval',
      "Can't read the eGPU status",
    ]);
    expect(count({ link: false })).not.toContain('eGPU link is slower than expected');
    expect(count({ driver: false })).not.toContain('TinyGPU is waiting for your approval');
    expect(count({ probeFailing: false })).not.toContain("Can't read the eGPU status");
    expect(count({ hotPlug: false, link: false, driver: false, probeFailing: false })).toEqual([]);
  });

  it('does not notify information-only hazards', () => {
    expect(notificationsOver([seen(T0 + SECOND, [rtx4090()], { driver: driver('activating') })]).flat()).toEqual([]);
  });

  it('tells the user when the eGPU did not come back after a wake', () => {
    const resumeAt = T0 + 30 * MINUTE;
    const sent = notificationsOver([
      seen(T0 + SECOND, [rtx4090()]),
      { outcome: seen(resumeAt + 3 * SECOND, []), ctx: { lastResumeAt: resumeAt } },
    ]);
    expect(sent[1]).toEqual([
      {
        id: `hot-plug-missing-after-wake:${rtx4090().key}:${resumeAt + 3 * SECOND}`,
        title: 'eGPU did not come back after sleep',
        body: expect.stringMatching(/^NVIDIA GeForce RTX 4090 was connected before the Mac slept and is gone since it woke/),
        severity: 'warning',
      },
    ]);
    const quiet = notificationsOver(
      [seen(T0 + SECOND, [rtx4090()]), { outcome: seen(resumeAt + 3 * SECOND, []), ctx: { lastResumeAt: resumeAt } }],
      { ...ALL_ON, hotPlug: false },
    );
    expect(quiet.flat()).toEqual([]);
  });

  it('maps hazards to the toggle a user would look for', () => {
    expect(notificationTopic('hot-plug-appeared:x')).toBe('hotPlug');
    expect(notificationTopic('link-degraded:x')).toBe('link');
    expect(notificationTopic('health-dead-link')).toBe('link');
    expect(notificationTopic('driver-awaiting-approval')).toBe('driver');
    expect(notificationTopic('gpu-unsupported:x')).toBe('driver');
    expect(notificationTopic('probe-failing')).toBe('probeFailing');
  });

  it('keeps bodies short, cutting at a sentence', () => {
    const long = `${'A'.repeat(150)}. ${'B'.repeat(150)}.`;
    expect(briefly(long)).toBe(`${'A'.repeat(150)}.`);
    expect(briefly('C'.repeat(300))).toHaveLength(220);
    expect(briefly('Short.')).toBe('Short.');
  });
});
