// The tray menu's doctor items: how the eGPU's last compute check went ("computed 3 min ago", or the
// failure), the measured link rate, and "Check the eGPU…", which opens the doctor in the popover.
import type { MenuItemConstructorOptions } from 'electron';
import { DOCTOR_WORDS, computeStateText, measuredRateText } from '../core/api/present-doctor';
import type { AppState } from '../core/api/schemas';

/** Pure. `now` is the clock the check's age is told against. */
export function trayDoctorItems(state: AppState | null, checkEgpu: (() => void) | undefined, now: number): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  const check = state && state.devices.length > 0 ? computeStateText(state.doctor, now) : null;
  if (check) items.push({ id: 'doctor-check', label: check, enabled: false });
  const measured = state?.devices.length ? state.doctor?.measured : null;
  if (measured) items.push({ id: 'doctor-rate', label: measuredRateText(measured.hostToDeviceGBps), enabled: false });
  if (checkEgpu) items.push({ id: 'check-egpu', label: DOCTOR_WORDS.action, click: () => checkEgpu() });
  return items;
}
