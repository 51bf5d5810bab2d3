// The monitor's memory: folds each poll outcome into state and reports what changed as events.
// Pure: time comes from the outcome and the context, never from a clock.
import { DRIVER_STATE_WORDS, POWER_WORDS, describeDevice, deviceDetails, linkText } from '../api/present';
import type { Device, DriverInfo, DriverState, Link, MonitorEvent, ProbeError, Severity } from '../api/schemas';
import type { Snapshot } from '../probe/types';
import { hotPlugAppearedId } from '../api/hazards';
import { collectHazards } from './hazards';
import { assessLinkAgainstBaseline } from './link-quality';
import { HOT_PLUG_GRACE_MS, isFailedSnapshot, type HotPlugMemory, type MonitorContext, type MonitorState, type PollOutcome } from './monitor-state';

export interface ReduceResult {
  state: MonitorState;
  events: MonitorEvent[];
}

export function reduce(prev: MonitorState, outcome: PollOutcome, ctx: MonitorContext): ReduceResult {
  const poll = classify(outcome);
  const events: MonitorEvent[] = [];
  const emit: Emit = (kind, severity, message, deviceKey = null) =>
    events.push({ at: poll.at, kind, severity, message, deviceKey });

  const woke =
    ctx.lastResumeAt !== null &&
    ctx.lastResumeAt >= ctx.appStartedAt &&
    ctx.lastResumeAt > (prev.lastResumeSeen ?? -Infinity);
  if (woke && prev.probe.lastAt !== null) emit('woke', 'info', 'Mac woke from sleep');
  const lastResumeSeen = woke ? ctx.lastResumeAt : prev.lastResumeSeen;

  const next = poll.kind === 'failure' ? applyFailure(prev, poll, emit) : applySnapshot(prev, poll.snapshot, ctx, emit);
  return { state: rememberHazards({ ...next, lastResumeSeen }, ctx), events };
}

type Emit = (kind: MonitorEvent['kind'], severity: Severity, message: string, deviceKey?: string | null) => void;

type Failure = { kind: 'failure'; at: number; errors: ProbeError[] };
type Poll = Failure | { kind: 'snapshot'; at: number; snapshot: Snapshot };

function classify(outcome: PollOutcome): Poll {
  if (outcome.kind === 'failure') return { kind: 'failure', at: outcome.at, errors: [outcome.error] };
  const { snapshot } = outcome;
  if (isFailedSnapshot(snapshot)) {
    return { kind: 'failure', at: snapshot.at, errors: snapshot.errors };
  }
  return { kind: 'snapshot', at: snapshot.at, snapshot };
}

function errorLine(errors: ProbeError[]): string {
  const first = errors[0];
  const message = first ? firstLine(first.message) || `${first.source} failed (${first.kind})` : 'the probe failed';
  return errors.length > 1 ? `${message} (and ${errors.length - 1} more)` : message;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
}

function applyFailure(prev: MonitorState, failure: Failure, emit: Emit): MonitorState {
  const error = errorLine(failure.errors);
  if (prev.probe.consecutiveFailures === 0) emit('probe-failing', 'warning', `Can't read the eGPU status: ${error}`);
  // Device memory stays, so a recovery with the same GPU is not reported as a new connection.
  return {
    ...prev,
    probe: {
      ...prev.probe,
      lastAt: failure.at,
      error,
      consecutiveFailures: prev.probe.consecutiveFailures + 1,
    },
  };
}

function applySnapshot(prev: MonitorState, raw: Snapshot, ctx: MonitorContext, emit: Emit): MonitorState {
  // A driver that is not ready hides the GPU from its CLI: that is a driver change, not an unplug,
  // so the last known devices stay (showing the new driver state) until the source can see again.
  const devices = raw.devicesUnknown ? prev.devices.map((device) => ({ ...device, driver: raw.driver })) : uniqueByKey(raw.devices);
  const snapshot = { ...raw, devices };
  const base: MonitorState = {
    ...prev,
    devices: snapshot.devices,
    driver: snapshot.driver,
    health: snapshot.health,
    probe: { lastAt: snapshot.at, source: snapshot.source, error: null, consecutiveFailures: 0 },
    lastSuccess: { at: snapshot.at, awake: !ctx.asleep },
    lastKnownDriverState: snapshot.driver.state === 'unknown' ? prev.lastKnownDriverState : snapshot.driver.state,
    linkBaselines: withBaselines(prev.linkBaselines, snapshot.devices),
  };

  if (prev.lastSuccess === null) {
    // The app just started: whatever is present was already there, so this is not a "connect".
    emit('note', 'info', startupNote(snapshot.devices));
    return base;
  }

  if (prev.probe.consecutiveFailures > 0) {
    const count = prev.probe.consecutiveFailures;
    emit('probe-recovered', 'info', `eGPU status readable again after ${count} failed ${count === 1 ? 'check' : 'checks'}`);
  }

  const driverEvent = driverChange(prev.lastKnownDriverState, snapshot.driver);
  if (driverEvent) emit('driver-state-changed', driverEvent.severity, driverEvent.message);

  const hotPlug = diffDevices(prev, snapshot, ctx, emit);
  reportLinkChanges(prev, snapshot.devices, base.linkBaselines, emit);
  return { ...base, hotPlug };
}

/** Keys identify devices; should a source repeat one, the first entry wins so polls stay comparable. */
function uniqueByKey(devices: Device[]): Device[] {
  const unique = new Map<string, Device>();
  for (const device of devices) if (!unique.has(device.key)) unique.set(device.key, device);
  return [...unique.values()];
}

function startupNote(devices: Device[]): string {
  if (devices.length === 0) return 'Monitoring started: no eGPU connected';
  return `Monitoring started: ${devices.map(describeDevice).join('; ')}`;
}

function withBaselines(baselines: Record<string, Link>, devices: Device[]): Record<string, Link> {
  const missing = devices.filter((device) => !(device.key in baselines));
  if (missing.length === 0) return baselines;
  const next = { ...baselines };
  for (const device of missing) next[device.key] = device.link;
  return next;
}

const TROUBLED_DRIVER_STATES: ReadonlySet<DriverState> = new Set(['awaiting-approval', 'not-installed', 'waiting-to-uninstall', 'disabled']);

function driverChange(lastKnown: DriverState | null, driver: DriverInfo): { severity: Severity; message: string } | null {
  // 'unknown' means this source cannot tell, not that the driver changed.
  if (driver.state === 'unknown' || lastKnown === null || lastKnown === driver.state) return null;
  return {
    severity: TROUBLED_DRIVER_STATES.has(driver.state) ? 'warning' : 'info',
    message: `TinyGPU driver is ${DRIVER_STATE_WORDS[driver.state]} (was ${DRIVER_STATE_WORDS[lastKnown]})`,
  };
}

function sameIdentity(a: Device, b: Device): boolean {
  return a.name === b.name && a.vendorId === b.vendorId && a.deviceId === b.deviceId;
}

/** Emits connect/lose/change events and returns the updated hot-plug memory. */
function diffDevices(prev: MonitorState, snapshot: Snapshot, ctx: MonitorContext, emit: Emit): HotPlugMemory {
  const at = snapshot.at;
  const prevByKey = new Map(prev.devices.map((device) => [device.key, device]));
  const nextByKey = new Map(snapshot.devices.map((device) => [device.key, device]));
  const lost = [...prevByKey.values()].filter((device) => !nextByKey.has(device.key));
  const added = [...nextByKey.values()].filter((device) => !prevByKey.has(device.key));

  // A different GPU in the same slot/index between two polls is a swap, not two unrelated events.
  const changed: Array<{ before: Device; after: Device }> = [];
  for (const after of [...added]) {
    const before = lost.find((device) => device.index === after.index && !sameIdentity(device, after));
    if (!before) continue;
    changed.push({ before, after });
    lost.splice(lost.indexOf(before), 1);
    added.splice(added.indexOf(after), 1);
  }

  const period = awakePeriodStart(ctx);
  const awakeNow = !ctx.asleep;
  // Only an absence/presence the app saw while the Mac was awake, since the last wake, counts.
  const seenAwakeThisPeriod = prev.lastSuccess !== null && prev.lastSuccess.awake && prev.lastSuccess.at >= period;
  const pastResumeGrace = ctx.lastResumeAt === null || at - ctx.lastResumeAt > HOT_PLUG_GRACE_MS;
  const pastStartGrace = at - period > HOT_PLUG_GRACE_MS;
  const appearedWhileAwake = awakeNow && seenAwakeThisPeriod && pastStartGrace;

  const appeared = { ...prev.hotPlug.appeared };
  const lostMemory = { ...prev.hotPlug.lost };
  const missingAfterWake = { ...prev.hotPlug.missingAfterWake };
  const arrivals = [...added, ...changed.map((swap) => swap.after)];
  for (const device of snapshot.devices) {
    delete lostMemory[device.key];
    delete missingAfterWake[device.key];
  }
  // A replacement GPU takes over from the one that was lost; its own hot-plug warning covers it.
  if (arrivals.length > 0) {
    for (const key of Object.keys(lostMemory)) delete lostMemory[key];
    for (const key of Object.keys(missingAfterWake)) delete missingAfterWake[key];
  }

  for (const device of lost) {
    if (!awakeNow) {
      emit('device-lost', 'info', `${device.name} disconnected as the Mac went to sleep`, device.key);
    } else if (ctx.preparedUnplug === true && !device.inUseBy) {
      // Nothing held it when the user prepared, and nothing took it since: no surprise, no warning.
      emit('device-lost', 'info', `${POWER_WORDS.unpluggedAsPrepared}: ${device.name}`, device.key);
      delete appeared[device.key];
    } else if (!seenAwakeThisPeriod) {
      emit('device-lost', 'warning', `${device.name} did not come back after the Mac woke`, device.key);
      missingAfterWake[device.key] = { at, device };
    } else if (!pastResumeGrace) {
      emit('device-lost', 'warning', `${device.name} disconnected right after the Mac woke`, device.key);
      missingAfterWake[device.key] = { at, device };
    } else {
      // One event per unplug: the hazard, not a second log line, says it was a hot-unplug.
      emit('device-lost', 'critical', `${device.name} disconnected while the Mac was awake`, device.key);
      lostMemory[device.key] = { at, device };
      // The stronger "disconnected" warning replaces an older "connected while awake" one.
      delete appeared[device.key];
    }
  }

  for (const { before, after } of changed) {
    emit('device-changed', 'warning', `${after.name} replaced ${before.name} — ${deviceDetails(after)}`, after.key);
  }
  for (const device of added) {
    emit('device-connected', 'info', `${device.name} connected — ${deviceDetails(device)}`, device.key);
  }

  for (const device of arrivals) {
    if (!appearedWhileAwake) continue;
    emit('hot-plug', 'warning', `Hot-plug: ${device.name} was connected while the Mac was awake`, device.key);
    appeared[device.key] = { at, name: device.name };
  }

  return { appeared, lost: lostMemory, missingAfterWake };
}

/** The start of the current stretch the app has watched the Mac awake: app start or the last wake. */
export function awakePeriodStart(ctx: MonitorContext): number {
  return Math.max(ctx.appStartedAt, ctx.lastResumeAt ?? -Infinity);
}

function reportLinkChanges(prev: MonitorState, devices: Device[], baselines: Record<string, Link>, emit: Emit): void {
  const prevByKey = new Map(prev.devices.map((device) => [device.key, device]));
  for (const device of devices) {
    const before = prevByKey.get(device.key);
    if (!before) continue; // a new device's link is reported with its connection
    const baseline = baselines[device.key] ?? null;
    const wasDegraded = assessLinkAgainstBaseline(before.link, baseline).quality === 'degraded';
    const assessment = assessLinkAgainstBaseline(device.link, baseline);
    const isDegraded = assessment.quality === 'degraded';
    if (isDegraded && !wasDegraded) {
      emit('link-degraded', 'warning', `${device.name} link degraded: ${linkText(device.link)} — ${assessment.problems.join(' ')}`, device.key);
    } else if (wasDegraded && !isDegraded) {
      emit('link-restored', 'info', `${device.name} link restored: ${linkText(device.link)}`, device.key);
    }
  }
}

/** Records first-seen times of active hazards and forgets dismissals of hazards that cleared. */
function rememberHazards(state: MonitorState, ctx: MonitorContext): MonitorState {
  const active = collectHazards(state, ctx);
  const hazardSince: Record<string, number> = {};
  for (const hazard of active) hazardSince[hazard.id] = hazard.since;
  const dismissed: Record<string, number> = {};
  for (const [id, when] of Object.entries(state.dismissed)) if (id in hazardSince) dismissed[id] = when;
  return { ...state, hazardSince, dismissed };
}

/** Hides a hazard until it clears; a hot-plug "appeared" warning is forgotten for good. */
export function dismissHazard(state: MonitorState, id: string, now: number): MonitorState {
  const appeared = Object.fromEntries(
    Object.entries(state.hotPlug.appeared).filter(([key]) => hotPlugAppearedId(key) !== id),
  );
  return {
    ...state,
    hotPlug: { ...state.hotPlug, appeared },
    dismissed: { ...state.dismissed, [id]: now },
  };
}
