// Hazard ids: stable names other modules (setup, notifications, the popover) refer to.
import { linkHazardId } from '../api/schemas';

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
