// Hazards specific to the shipping TinyGPU driver: switched off by the user, a board the dext
// never matches, a driver that matched but never started, and who is using the GPU right now.
// Pure; called from deriveHazards.
import type { Hazard, HazardAction } from '../api/schemas';
import { DRIVER_NOT_AVAILABLE_TEXT } from '../probe/driver-log';
import { presentsAs3dController } from '../probe/pci-class';
import { inUseLabel } from '../api/hazards';
import type { MonitorState } from './monitor-state';

type HazardDraft = Omit<Hazard, 'since'> & { since?: number };

/** System Settings › General › Login Items & Extensions (Driver Extensions live there). */
const LOGIN_ITEMS_URL = 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension';
const OPEN_SETTINGS: HazardAction = { kind: 'open-url', label: 'Open System Settings', url: LOGIN_ITEMS_URL };
const REFRESH: HazardAction = { kind: 'refresh', label: 'Refresh' };
const COPY_DIAGNOSTICS: HazardAction = { kind: 'copy-diagnostics', label: 'Copy diagnostics' };

export const DRIVER_DISABLED_HAZARD_ID = 'driver-disabled';
export const DEXT_NOT_STARTED_HAZARD_ID = 'health-dext-not-started';
export function threeDControllerId(deviceKey: string): string {
  return `gpu-3d-controller:${deviceKey}`;
}
export function inUseId(deviceKey: string): string {
  return `gpu-in-use:${deviceKey}`;
}

export { DRIVER_NOT_AVAILABLE_TEXT };

export function tinygpuDriverHazards(state: MonitorState): HazardDraft[] {
  const hazards: HazardDraft[] = [];
  if (state.driver.state === 'disabled') {
    hazards.push({
      id: DRIVER_DISABLED_HAZARD_ID,
      severity: 'warning',
      title: 'TinyGPU is switched off',
      why: 'The TinyGPU driver extension is installed but switched off, so macOS does not run it and the eGPU cannot be used. Switch TinyGPU on in System Settings › General › Login Items & Extensions › Driver Extensions. (TinyGPU\'s own "status" calls this "activating".)',
      actions: [OPEN_SETTINGS, REFRESH],
    });
  }
  for (const device of state.devices) {
    if (presentsAs3dController(device)) {
      hazards.push({
        id: threeDControllerId(device.key),
        severity: 'critical',
        title: 'This GPU presents itself as a 3D controller; TinyGPU cannot drive it',
        why: `${device.name} reports PCI class ${device.pciClass ?? '0x0302'} (3D controller). The TinyGPU driver only matches display (VGA) controllers, class 0x0300, so macOS sees the board but the driver never attaches. Many datacenter cards (such as H100 NVL) present this way; a different card is needed.`,
        actions: [COPY_DIAGNOSTICS],
      });
    }
    if (device.inUseBy) {
      hazards.push({
        id: inUseId(device.key),
        severity: 'info',
        title: `In use by ${inUseLabel(device.inUseBy)}`,
        why: `${device.name} is held by ${inUseLabel(device.inUseBy)}: tinygrad lets one process use the GPU at a time. Let it finish (or stop it) before starting another, and before sleeping or unplugging.`,
        actions: [],
      });
    }
  }
  const dextNotStarted =
    state.health.dextMatched === true && state.health.driverBound === false && state.devices.length > 0 && state.driver.state !== 'disabled';
  if (dextNotStarted) {
    hazards.push({
      id: DEXT_NOT_STARTED_HAZARD_ID,
      severity: 'warning',
      title: 'TinyGPU matched the GPU but did not start',
      why: `macOS matched the TinyGPU driver to the GPU, but the driver never started. ${DRIVER_NOT_AVAILABLE_TEXT}`,
      actions: [OPEN_SETTINGS, REFRESH, COPY_DIAGNOSTICS],
    });
  }
  return hazards;
}
