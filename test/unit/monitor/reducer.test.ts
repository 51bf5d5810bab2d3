import { describe, expect, it } from 'vitest';
import { toAppState } from '../../../src/core/monitor/app-state';
import { hotPlugAppearedId, hotPlugLostId } from '../../../src/core/api/hazards';
import { HOT_PLUG_GRACE_MS, initialMonitorState } from '../../../src/core/monitor/monitor-state';
import { dismissHazard, reduce } from '../../../src/core/monitor/reducer';
import {
  MINUTE,
  SECOND,
  T0,
  driver,
  eventLines,
  failed,
  finalOf,
  link,
  rtx3090,
  rtx4090,
  runPolls,
  seen,
} from '../../builders/monitor';

const KEY_4090 = rtx4090().key;
const appState = (result: ReturnType<typeof finalOf>) =>
  toAppState(result.state, result.hazards, { notices: [], demo: null, intervalMs: 2_000 });

describe('monitor reducer: a session', () => {
  it('reports start, hot-unplug, hot-replug, link drop and recovery, and driver approval in order', () => {
    const results = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      seen(T0 + 5 * MINUTE, []),
      seen(T0 + 6 * MINUTE, [rtx4090()]),
      seen(T0 + 7 * MINUTE, [rtx4090({ link: link({ pcieWidth: 1, label: 'Thunderbolt 4 (PCIe x1 Gen4)' }) })]),
      seen(T0 + 8 * MINUTE, [rtx4090()]),
      seen(T0 + 9 * MINUTE, [rtx4090()], { driver: driver('awaiting-approval') }),
    ]);

    expect(results.map((result) => eventLines(result.events))).toEqual([
      ['note/info: Monitoring started: NVIDIA GeForce RTX 4090 (24 GB, Thunderbolt 4 · PCIe x4 Gen4)'],
      [
        'device-lost/critical: NVIDIA GeForce RTX 4090 disconnected while the Mac was awake',
      ],
      [
        'device-connected/info: NVIDIA GeForce RTX 4090 connected — 24 GB, Thunderbolt 4 · PCIe x4 Gen4',
        'hot-plug/warning: Hot-plug: NVIDIA GeForce RTX 4090 was connected while the Mac was awake',
      ],
      ['link-degraded/warning: NVIDIA GeForce RTX 4090 link degraded: Thunderbolt 4 · PCIe x1 Gen4 — PCIe x1 instead of x4.'],
      ['link-restored/info: NVIDIA GeForce RTX 4090 link restored: Thunderbolt 4 · PCIe x4 Gen4'],
      ['driver-state-changed/warning: TinyGPU driver is waiting for approval in System Settings (was ready)'],
    ]);
    expect(results.flatMap((result) => result.events).every((event) => event.at >= T0)).toBe(true);
    expect(results[1]?.events.map((event) => event.deviceKey)).toEqual([KEY_4090]);
  });

  it('shows the unplug as critical until the GPU is back, then the replug as a warning', () => {
    const [, unplugged, replugged] = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      seen(T0 + 5 * MINUTE, []),
      seen(T0 + 6 * MINUTE, [rtx4090()]),
    ]);
    expect(unplugged?.hazards.map((hazard) => hazard.id)).toEqual([hotPlugLostId(KEY_4090)]);
    expect(replugged?.hazards.map((hazard) => hazard.id)).toEqual([hotPlugAppearedId(KEY_4090)]);
  });

  it('reports nothing when polls see the same thing again', () => {
    const results = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      seen(T0 + 3 * SECOND, [rtx4090()]),
      seen(T0 + 5 * MINUTE, [rtx4090()]),
      seen(T0 + 10 * MINUTE, [rtx4090({ link: link({ pcieGen: 2 }) })]),
      seen(T0 + 11 * MINUTE, [rtx4090({ link: link({ pcieGen: 2 }) })]),
      seen(T0 + 12 * MINUTE, [rtx4090({ link: link({ pcieGen: 2 }) })]),
    ]);
    expect(results.map((result) => result.events.length)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('treats a device present at start as already there, not as a connection', () => {
    const [first] = runPolls([seen(T0 + SECOND, [rtx4090()])]);
    expect(first?.events.map((event) => event.kind)).toEqual(['note']);
    expect(first?.hazards).toEqual([]);
  });

  it('reports a different GPU in the same slot as a change, not a loss and a connection', () => {
    const [, swapped] = runPolls([seen(T0 + SECOND, [rtx4090()]), seen(T0 + 5 * MINUTE, [rtx3090()])]);
    expect(eventLines(swapped?.events ?? [])).toEqual([
      'device-changed/warning: NVIDIA GeForce RTX 3090 replaced NVIDIA GeForce RTX 4090 — 24 GB, Thunderbolt 4 · PCIe x4 Gen4',
      'hot-plug/warning: Hot-plug: NVIDIA GeForce RTX 3090 was connected while the Mac was awake',
    ]);
    expect(swapped?.state.devices.map((device) => device.name)).toEqual(['NVIDIA GeForce RTX 3090']);
    expect(swapped?.hazards.map((hazard) => hazard.id)).toEqual([hotPlugAppearedId(rtx3090().key)]);
  });
});

describe('monitor reducer: a prepared unplug', () => {
  it('reports the eGPU leaving after "Prepare to unplug" said safe as info, with no hot-plug warning', () => {
    const results = runPolls([seen(T0 + SECOND, [rtx4090()]), { outcome: seen(T0 + 5 * MINUTE, []), ctx: { preparedUnplug: true } }]);
    const last = finalOf(results);
    expect(eventLines(last.events)).toEqual(['device-lost/info: eGPU unplugged as prepared: NVIDIA GeForce RTX 4090']);
    expect(last.hazards).toEqual([]);
    expect(appState(last).tray).toBe('disconnected');
  });

  it('is a surprise again when something took the eGPU since, or without a prepared unplug', () => {
    const held = rtx4090({ inUseBy: { pid: 4242, command: 'python3 train.py' } });
    const taken = finalOf(runPolls([seen(T0 + SECOND, [held]), { outcome: seen(T0 + 5 * MINUTE, []), ctx: { preparedUnplug: true } }]));
    expect(taken.events.map((e) => `${e.kind}/${e.severity}`)).toEqual(['device-lost/critical']);
    expect(taken.hazards.map((h) => h.severity)).toEqual(['critical']);
    const unprepared = finalOf(runPolls([seen(T0 + SECOND, [rtx4090()]), seen(T0 + 5 * MINUTE, [])]));
    expect(unprepared.hazards.map((h) => h.title)).toEqual(['eGPU disconnected while in use']);
  });
});

describe('monitor reducer: sleep and wake', () => {
  it('does not call a GPU lost while the Mac goes to sleep a hot-unplug', () => {
    const [, goingToSleep] = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      { outcome: seen(T0 + 5 * MINUTE, []), ctx: { asleep: true } },
    ]);
    expect(eventLines(goingToSleep?.events ?? [])).toEqual([
      'device-lost/info: NVIDIA GeForce RTX 4090 disconnected as the Mac went to sleep',
    ]);
    expect(goingToSleep?.hazards).toEqual([]);
  });

  it('does not call a GPU that shows up right after a wake a hot-plug', () => {
    const resumeAt = T0 + 30 * MINUTE;
    const results = runPolls([
      seen(T0 + SECOND, []),
      seen(T0 + 5 * MINUTE, []),
      { outcome: seen(resumeAt + 3 * SECOND, []), ctx: { lastResumeAt: resumeAt } },
      { outcome: seen(resumeAt + 20 * SECOND, [rtx4090()]), ctx: { lastResumeAt: resumeAt } },
    ]);
    expect(eventLines(results[2]?.events ?? [])).toEqual(['woke/info: Mac woke from sleep']);
    expect(eventLines(results[3]?.events ?? [])).toEqual([
      'device-connected/info: NVIDIA GeForce RTX 4090 connected — 24 GB, Thunderbolt 4 · PCIe x4 Gen4',
    ]);
    expect(finalOf(results).hazards).toEqual([]);
  });

  it('does not call a GPU connected while the Mac slept a hot-plug, however late the first poll after wake', () => {
    const resumeAt = T0 + 30 * MINUTE;
    const [, awake] = runPolls([
      seen(T0 + SECOND, []),
      { outcome: seen(resumeAt + 5 * MINUTE, [rtx4090()]), ctx: { lastResumeAt: resumeAt } },
    ]);
    expect(awake?.events.map((event) => event.kind)).toEqual(['woke', 'device-connected']);
    expect(awake?.hazards).toEqual([]);
  });

  it('does not call a GPU that appears just after the app started a hot-plug', () => {
    const [, appeared] = runPolls([seen(T0 + SECOND, []), seen(T0 + HOT_PLUG_GRACE_MS - SECOND, [rtx4090()])]);
    expect(appeared?.events.map((event) => event.kind)).toEqual(['device-connected']);
    expect(appeared?.hazards).toEqual([]);
  });

  it('warns, without calling it a hot-plug, when the GPU did not come back after a wake', () => {
    const resumeAt = T0 + 30 * MINUTE;
    const [, awake] = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      { outcome: seen(resumeAt + 3 * SECOND, []), ctx: { lastResumeAt: resumeAt } },
    ]);
    expect(eventLines(awake?.events ?? [])).toEqual([
      'woke/info: Mac woke from sleep',
      'device-lost/warning: NVIDIA GeForce RTX 4090 did not come back after the Mac woke',
    ]);
    expect(awake?.hazards.map((hazard) => [hazard.id, hazard.severity, hazard.title])).toEqual([
      [`hot-plug-missing-after-wake:${rtx4090().key}`, 'warning', 'eGPU did not come back after sleep'],
    ]);
  });

  it('reports each wake once', () => {
    const resumeAt = T0 + 30 * MINUTE;
    const results = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      { outcome: seen(resumeAt + 3 * SECOND, [rtx4090()]), ctx: { lastResumeAt: resumeAt } },
      { outcome: seen(resumeAt + 5 * SECOND, [rtx4090()]), ctx: { lastResumeAt: resumeAt } },
    ]);
    expect(results.map((result) => result.events.map((event) => event.kind))).toEqual([['note'], ['woke'], []]);
  });
});

describe('monitor reducer: probe failures', () => {
  it('shows an unknown tray with a clear message while failing, and recovers without a connect storm', () => {
    const results = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      failed(T0 + 10 * SECOND),
      failed(T0 + 12 * SECOND),
      failed(T0 + 14 * SECOND),
      seen(T0 + 16 * SECOND, [rtx4090()]),
    ]);
    expect(results.map((result) => eventLines(result.events))).toEqual([
      ['note/info: Monitoring started: NVIDIA GeForce RTX 4090 (24 GB, Thunderbolt 4 · PCIe x4 Gen4)'],
      ["probe-failing/warning: Can't read the eGPU status: tinygpu did not answer within 3 s"],
      [],
      [],
      ['probe-recovered/info: eGPU status readable again after 3 failed checks'],
    ]);

    const failing = appState(results[3]!);
    expect(failing.tray).toBe('unknown');
    expect(failing.summary).toBe("Can't read the eGPU status: tinygpu did not answer within 3 s");
    expect(failing.devices).toEqual([]);
    expect(failing.probe.consecutiveFailures).toBe(3);
    // The GPU is remembered so recovery is quiet.
    expect(results[3]?.state.devices.map((device) => device.name)).toEqual(['NVIDIA GeForce RTX 4090']);

    const recovered = appState(finalOf(results));
    expect(recovered.tray).toBe('ok');
    expect(recovered.devices).toHaveLength(1);
    expect(recovered.probe.error).toBeNull();
  });

  it('treats a snapshot with errors and no devices as a failure', () => {
    const [, broken] = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      seen(T0 + 3 * SECOND, [], {
        errors: [
          { source: 'tinygpu', kind: 'exit-code', message: 'tinygpu exited with code 3\nError: something' },
          { source: 'ioreg', kind: 'timeout', message: 'ioreg did not answer' },
        ],
      }),
    ]);
    expect(eventLines(broken?.events ?? [])).toEqual([
      "probe-failing/warning: Can't read the eGPU status: tinygpu exited with code 3 (and 1 more)",
    ]);
    expect(broken?.state.devices).toHaveLength(1);
  });

  it('reports a GPU that vanished during an outage once the probe answers again', () => {
    const [, , back] = runPolls([seen(T0 + SECOND, [rtx4090()]), failed(T0 + 5 * MINUTE), seen(T0 + 6 * MINUTE, [])]);
    expect(back?.events.map((event) => event.kind)).toEqual(['probe-recovered', 'device-lost']);
  });

  it('reports failures from the very first poll', () => {
    const [first] = runPolls([failed(T0 + SECOND)]);
    expect(first?.events.map((event) => event.kind)).toEqual(['probe-failing']);
    expect(appState(first!).tray).toBe('unknown');
  });
});

describe('monitor reducer: dismissing hazards', () => {
  it('hides the hot-plug warning once dismissed, and shows a new one on the next hot-plug', () => {
    const results = runPolls([seen(T0 + SECOND, []), seen(T0 + 5 * MINUTE, [rtx4090()])]);
    const id = hotPlugAppearedId(KEY_4090);
    expect(finalOf(results).hazards.map((hazard) => hazard.id)).toEqual([id]);

    const dismissed = dismissHazard(finalOf(results).state, id, T0 + 6 * MINUTE);
    const later = runPolls([seen(T0 + 7 * MINUTE, [rtx4090()])], dismissed);
    expect(finalOf(later).hazards).toEqual([]);

    const again = runPolls([seen(T0 + 8 * MINUTE, []), seen(T0 + 9 * MINUTE, [rtx4090()])], finalOf(later).state);
    expect(finalOf(again).hazards.map((hazard) => [hazard.id, hazard.since])).toEqual([[id, T0 + 9 * MINUTE]]);
  });

  it('keeps a dismissed hazard hidden while it lasts and shows it again when it comes back', () => {
    const slow = rtx4090({ link: link({ pcieWidth: 1 }) });
    const results = runPolls([seen(T0 + SECOND, [slow])]);
    const [hazard] = finalOf(results).hazards;
    expect(hazard?.id).toBe(`link-degraded:${KEY_4090}`);

    const dismissed = dismissHazard(finalOf(results).state, hazard!.id, T0 + 2 * SECOND);
    const still = runPolls([seen(T0 + 3 * SECOND, [slow])], dismissed);
    expect(finalOf(still).hazards).toEqual([]);

    const cycle = runPolls([seen(T0 + 5 * SECOND, [rtx4090()]), seen(T0 + 7 * SECOND, [slow])], finalOf(still).state);
    expect(finalOf(cycle).hazards.map((h) => [h.id, h.since])).toEqual([[hazard!.id, T0 + 7 * SECOND]]);
  });
});

describe('monitor reducer: state', () => {
  it('starts empty', () => {
    const state = initialMonitorState();
    expect(state.devices).toEqual([]);
    expect(state.lastSuccess).toBeNull();
    expect(state.probe.consecutiveFailures).toBe(0);
  });

  it('keeps the first link of the session as the baseline and flags a later drop', () => {
    const results = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      seen(T0 + 5 * SECOND, [rtx4090({ link: link({ pcieGen: 3 }) })]),
    ]);
    expect(finalOf(results).state.linkBaselines[KEY_4090]?.pcieGen).toBe(4);
    expect(eventLines(finalOf(results).events)).toEqual([
      'link-degraded/warning: NVIDIA GeForce RTX 4090 link degraded: Thunderbolt 4 · PCIe x4 Gen3 — Slower than when it was first seen this session (TB4 x4 Gen4 → TB4 x4 Gen3).',
    ]);
  });

  it('does not read a source that cannot tell the driver state as a driver change', () => {
    const results = runPolls([
      seen(T0 + SECOND, [rtx4090()]),
      seen(T0 + 3 * SECOND, [rtx4090()], { driver: driver('unknown'), source: 'nvidia-smi' }),
      seen(T0 + 5 * SECOND, [rtx4090()]),
    ]);
    expect(results.flatMap((result) => result.events).map((event) => event.kind)).toEqual(['note']);
  });

  it('is pure: the previous state is not changed', () => {
    const [first] = runPolls([seen(T0 + SECOND, [rtx4090()])]);
    const before = JSON.stringify(first!.state);
    reduce(first!.state, seen(T0 + 5 * MINUTE, []), first!.ctx);
    expect(JSON.stringify(first!.state)).toBe(before);
  });
});
