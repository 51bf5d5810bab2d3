// The monitor's memory and what one poll hands it: types, the empty state, and the one test for
// whether a poll failed. Imported by the reducer, the hazard rules and the app-state view alike.
import type { Device, DriverInfo, DriverState, Health, Link, ProbeError, SourceId } from '../api/schemas';
import type { RawOutput, Snapshot } from '../probe/types';

export type PollOutcome =
  | { kind: 'snapshot'; snapshot: Snapshot }
  | { kind: 'failure'; at: number; error: ProbeError; raw: RawOutput[] };

export interface MonitorContext {
  now: number;
  appStartedAt: number;
  lastResumeAt: number | null;
  /** the Mac is asleep or about to be */
  asleep: boolean;
  hostArch: string | null;
  intervalMs: number;
  /** The user ran "Prepare to unplug" and it said safe, a short while ago: a device leaving is expected. */
  preparedUnplug?: boolean;
}

export interface ProbeMemory {
  /** When the last poll (successful or not) finished. */
  lastAt: number | null;
  source: SourceId | null;
  /** One clear line when the last poll failed. */
  error: string | null;
  consecutiveFailures: number;
}

export interface LastSuccess {
  at: number;
  /** The Mac was awake when this snapshot was taken. */
  awake: boolean;
}

export interface HotPlugMemory {
  /** Devices connected while the Mac was awake; remembered until dismissed or the app restarts. */
  appeared: Record<string, { at: number; name: string }>;
  /** Devices that vanished while the Mac was awake; remembered until they (or a replacement) come back. */
  lost: Record<string, { at: number; device: Device }>;
  /** Devices that were there before the Mac slept and are gone since it woke; until they come back. */
  missingAfterWake: Record<string, { at: number; device: Device }>;
}

export interface MonitorState {
  /** Devices from the last successful snapshot (kept while the probe fails). */
  devices: Device[];
  driver: DriverInfo;
  health: Health;
  probe: ProbeMemory;
  /** null until the first successful snapshot. */
  lastSuccess: LastSuccess | null;
  /** The last driver state other than 'unknown', so a source that cannot tell does not read as a change. */
  lastKnownDriverState: DriverState | null;
  /** The first link seen this session per device key. */
  linkBaselines: Record<string, Link>;
  hotPlug: HotPlugMemory;
  /** The newest ctx.lastResumeAt already reported as "woke". */
  lastResumeSeen: number | null;
  /** When each active hazard was first seen, by hazard id. */
  hazardSince: Record<string, number>;
  /** Hazard ids the user dismissed, with when; forgotten once the hazard clears. */
  dismissed: Record<string, number>;
}

/** Connect/disconnect right after the app starts or the Mac wakes is enumeration, not hot-plug. */
export const HOT_PLUG_GRACE_MS = 60_000;

export const UNKNOWN_DRIVER: DriverInfo = { state: 'unknown', name: null, version: null, signing: null, detail: null };
export const UNKNOWN_HEALTH: Health = { driverBound: null, serverRunning: null, deadLink: null, hostArch: null };

export function initialMonitorState(): MonitorState {
  return {
    devices: [],
    driver: UNKNOWN_DRIVER,
    health: UNKNOWN_HEALTH,
    probe: { lastAt: null, source: null, error: null, consecutiveFailures: 0 },
    lastSuccess: null,
    lastKnownDriverState: null,
    linkBaselines: {},
    hotPlug: { appeared: {}, lost: {}, missingAfterWake: {} },
    lastResumeSeen: null,
    hazardSince: {},
    dismissed: {},
  };
}

/** The one test for a failed poll: a snapshot with errors and no devices, whatever else it carries. */
export function isFailedSnapshot(snapshot: Snapshot): boolean {
  return snapshot.errors.length > 0 && snapshot.devices.length === 0;
}

export function isProbeFailing(state: MonitorState): boolean {
  return state.probe.consecutiveFailures > 0;
}
