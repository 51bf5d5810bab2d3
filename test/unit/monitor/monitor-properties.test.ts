import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AppStateSchema,
  DriverStateSchema,
  MonitorEventSchema,
  type Device,
  type DriverState,
  type Hazard,
  type Link,
  type LinkKind,
} from '../../../src/core/api/schemas';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import { toAppState } from '../../../src/core/monitor/app-state';
import { deriveHazards } from '../../../src/core/monitor/hazards';
import { notificationsFor } from '../../../src/core/monitor/notifications';
import { initialMonitorState, type MonitorContext, type PollOutcome } from '../../../src/core/monitor/monitor-state';
import { reduce } from '../../../src/core/monitor/reducer';
import { T0, arcB580, driver, health, rtx2080, rtx3090, rtx4090, snapshot, timeoutError } from '../../builders/monitor';

const LINK_KINDS: LinkKind[] = ['thunderbolt5', 'thunderbolt4', 'thunderbolt3', 'usb4', 'usb3', 'pcie', 'unknown'];

const linkArb: fc.Arbitrary<Link> = fc.record({
  kind: fc.constantFrom(...LINK_KINDS),
  label: fc.constantFrom('', 'Thunderbolt 4 (PCIe x4 Gen4)', 'weird'),
  pcieWidth: fc.option(fc.constantFrom(1, 2, 4, 8, 16), { nil: null }),
  pcieGen: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
  up: fc.option(fc.boolean(), { nil: null }),
});

// A small pool of identities so devices come, go, swap and return across a run.
const deviceArb: fc.Arbitrary<Device> = fc
  .record({
    base: fc.constantFrom(rtx4090(), rtx3090(), rtx2080(), arcB580(), rtx4090({ key: 'NVIDIA GeForce RTX 4090#1', vendorId: null, deviceId: null })),
    index: fc.integer({ min: 0, max: 1 }),
    link: linkArb,
    vramTotalMB: fc.option(fc.constantFrom(0, 512, 12288, 24576), { nil: null }),
  })
  .map(({ base, index, link, vramTotalMB }) => ({ ...base, index, link, vramTotalMB }));

type OutcomeSpec =
  | {
      kind: 'snapshot';
      devices: Device[];
      driverState: DriverState;
      deadLink: boolean | null;
      driverBound: boolean | null;
      withErrors: boolean;
    }
  | { kind: 'failure'; message: string };

const snapshotSpecArb: fc.Arbitrary<OutcomeSpec> = fc.record({
  kind: fc.constant('snapshot' as const),
  devices: fc.array(deviceArb, { maxLength: 2 }),
  driverState: fc.constantFrom(...DriverStateSchema.options),
  deadLink: fc.option(fc.boolean(), { nil: null }),
  driverBound: fc.option(fc.boolean(), { nil: null }),
  withErrors: fc.boolean(),
});

const failureSpecArb: fc.Arbitrary<OutcomeSpec> = fc.record({
  kind: fc.constant('failure' as const),
  message: fc.constantFrom('tinygpu did not answer within 3 s', '', 'line one\nline two'),
});

function outcomeFrom(spec: OutcomeSpec, at: number): PollOutcome {
  if (spec.kind === 'failure') return { kind: 'failure', at, error: timeoutError(spec.message), raw: [] };
  return {
    kind: 'snapshot',
    snapshot: snapshot(at, spec.devices, {
      driver: driver(spec.driverState),
      health: health({ deadLink: spec.deadLink, driverBound: spec.driverBound }),
      errors: spec.withErrors ? [timeoutError()] : [],
    }),
  };
}

/** A second failure in a row may raise the probe hazard; a successful poll seen twice changes nothing. */
function isSuccessful(spec: OutcomeSpec): boolean {
  return spec.kind === 'snapshot' && !(spec.withErrors && spec.devices.length === 0);
}

const stepArb = fc.record({
  outcome: fc.oneof({ weight: 4, arbitrary: snapshotSpecArb }, { weight: 1, arbitrary: failureSpecArb }),
  gapMs: fc.integer({ min: 0, max: 10 * 60_000 }),
  asleep: fc.boolean(),
  resumed: fc.boolean(),
  hostArch: fc.constantFrom('arm64', 'x86_64', null),
  repeat: fc.boolean(),
});

describe('monitor properties', () => {
  it('never throws, always yields a valid AppState, and an identical poll repeated reports nothing new', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 25 }), (steps) => {
        let state = initialMonitorState();
        let previousHazards: Hazard[] = [];
        let now = T0;
        let lastResumeAt: number | null = null;
        for (const step of steps) {
          now += step.gapMs;
          if (step.resumed) lastResumeAt = now;
          const ctx: MonitorContext = {
            now,
            appStartedAt: T0,
            lastResumeAt,
            asleep: step.asleep,
            hostArch: step.hostArch,
            intervalMs: 2_000,
          };
          const outcome = outcomeFrom(step.outcome, now);
          const first = reduce(state, outcome, ctx);
          for (const event of first.events) MonitorEventSchema.parse(event);
          state = first.state;
          let hazards = deriveHazards(state, ctx);
          notificationsFor(previousHazards, hazards, DEFAULT_SETTINGS.notifications);
          previousHazards = hazards;

          if (step.repeat) {
            const again = reduce(state, outcome, ctx);
            expect(again.events).toEqual([]);
            state = again.state;
            hazards = deriveHazards(state, ctx);
            const sent = notificationsFor(previousHazards, hazards, DEFAULT_SETTINGS.notifications);
            if (isSuccessful(step.outcome)) expect(sent).toEqual([]);
            previousHazards = hazards;
          }

          expect(new Set(hazards.map((hazard) => hazard.id)).size).toBe(hazards.length);
          const appState = toAppState(state, hazards, { notices: [], demo: null, intervalMs: 2_000 });
          const parsed = AppStateSchema.safeParse(appState);
          expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
          expect(appState.summary).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
