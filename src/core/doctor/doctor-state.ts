// "Ready" made honest, as pure functions of the app state and the doctor's memory: a failed compute
// check of the card shown now turns the tray to a warning, with the failure in the summary and a
// critical hazard, until the card changes or a later check passes. The popover, the tray menu and
// `status --json` all go through here.
import type { ComputeCheckRecord } from '../api/doctor';
import { gpuFailedSummary, gpuFailedWhy } from '../api/present-doctor';
import type { AppState, Device, Hazard } from '../api/schemas';
import { sortHazards } from '../api/hazards';
import { normalizePciId } from '../probe/parsers/values';
import type { MeasuredRate } from './doctor-store';
import { KNOWN_FAILURES } from './known-failures';

export const GPU_CHECK_FAILED_HAZARD_PREFIX = 'gpu-check-failed:';

/** Does the record's card match this device? By PCI ids when both have them, else by name. */
export function sameCard(record: { deviceKey: string | null; deviceName: string | null }, device: Device): boolean {
  const key = deviceKeyOf(device);
  if (record.deviceKey && key) return record.deviceKey === key;
  return record.deviceName !== null && record.deviceName.toLowerCase() === device.name.toLowerCase();
}

/** "0x10de:0x2684", as the doctor keys a card; null when the source gave no PCI ids. */
export function deviceKeyOf(device: Device): string | null {
  const vendor = normalizePciId(device.vendorId);
  const id = normalizePciId(device.deviceId);
  return vendor && id ? `${vendor}:${id}` : null;
}

/** The compute check that applies to the eGPU shown now; null once the card changed. */
export function standingCheck(record: ComputeCheckRecord | null, state: AppState): ComputeCheckRecord | null {
  const [device] = state.devices;
  return record && device && sameCard(record, device) ? record : null;
}

/** True when the state shows, from a good probe, that the failed check's card is gone or replaced. */
export function cardChanged(record: ComputeCheckRecord | null, state: AppState): boolean {
  if (!record || record.ok || state.probe.error !== null || state.probe.lastAt === null) return false;
  const [device] = state.devices;
  return !device || !sameCard(record, device);
}

export function gpuCheckHazard(check: ComputeCheckRecord, now: number): Hazard {
  const failure = KNOWN_FAILURES.find((f) => f.id === check.failureId);
  return {
    id: `${GPU_CHECK_FAILED_HAZARD_PREFIX}${check.deviceKey ?? check.deviceName ?? ''}`,
    severity: 'critical',
    title: gpuFailedSummary(check.failureTitle),
    why: gpuFailedWhy(check.failureTitle, check.at, now),
    actions: failure ? [{ kind: 'open-url', label: 'Read the upstream report', url: failure.sources[0]!.url }] : [],
    since: check.at,
  };
}

/** The app state with the doctor's part: the standing check, the card's last rate, the honest tray, summary and hazard. */
export function withDoctor(state: AppState, record: ComputeCheckRecord | null, rate: (MeasuredRate & { deviceKey: string }) | null, now: number): AppState {
  const check = standingCheck(record, state);
  const measured = rate ? { hostToDeviceGBps: rate.hostToDeviceGBps, deviceToHostGBps: rate.deviceToHostGBps, at: rate.at, deviceKey: rate.deviceKey } : null;
  const failed = check !== null && !check.ok && state.driver.state === 'ready';
  if (!failed) return { ...state, doctor: { check, measured } };
  const others = state.hazards.filter((h) => !h.id.startsWith(GPU_CHECK_FAILED_HAZARD_PREFIX));
  return {
    ...state,
    tray: 'warning',
    summary: gpuFailedSummary(check.failureTitle),
    hazards: sortHazards([...others, gpuCheckHazard(check, now)]),
    doctor: { check, measured },
  };
}

