// The shared base of every feature's warnings: stable hazard ids other modules (setup,
// notifications, the popover) refer to, the one severity order, and the holder label hazards quote.
import { linkHazardId, type Device, type Hazard, type Severity } from './schemas';

/** The setup flow reads this id to refuse to install the driver. */
export const INTEL_HOST_HAZARD_ID = 'host-intel';
export const PROBE_FAILING_HAZARD_ID = 'probe-failing';
export const DEAD_LINK_HAZARD_ID = 'health-dead-link';
export const DRIVER_NOT_BOUND_HAZARD_ID = 'health-driver-not-bound';

export function hotPlugAppearedId(deviceKey: string): string {
  return `hot-plug-appeared:${deviceKey}`;
}
export function hotPlugLostId(deviceKey: string): string {
  return `hot-plug-lost:${deviceKey}`;
}
export function missingAfterWakeId(deviceKey: string): string {
  return `hot-plug-missing-after-wake:${deviceKey}`;
}
export { linkHazardId };
export function unsupportedGpuId(deviceKey: string): string {
  return `gpu-unsupported:${deviceKey}`;
}
export function experimentalGpuId(deviceKey: string): string {
  return `gpu-experimental:${deviceKey}`;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Sorted critical → warning → info; Array.prototype.sort is stable, so rule order breaks ties. */
export function sortHazards(hazards: readonly Hazard[]): Hazard[] {
  return [...hazards].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/** "python3 (pid 4242)", for the GPU card, the in-use hazard and the sleep warning. */
export function inUseLabel(holder: NonNullable<Device['inUseBy']>): string {
  return `${holder.command} (pid ${holder.pid})`;
}
