import { describe, expect, it, vi } from 'vitest';
import { trayDoctorItems } from '../../../src/main/tray-doctor-menu';
import { trayMenuTemplate } from '../../../src/main/tray-menu';
import { appState } from '../../builders/app-state';

const NOW = 1_700_000_000_000;
const check = { at: NOW - 3 * 60_000, ok: true, failureId: null, failureTitle: null, deviceKey: '0x10de:0x2684', deviceName: null };

describe('the tray menu after a compute check', () => {
  it('shows the age of a passed check and the measured rate', () => {
    const state = appState({ doctor: { check, measured: { hostToDeviceGBps: 3.14, deviceToHostGBps: 2.9, at: check.at, deviceKey: '0x10de:0x2684' } } });
    const labels = trayDoctorItems(state, undefined, NOW).map((i) => i.label);
    expect(labels).toEqual(['computed 3 min ago', 'measured 3.1 GB/s host→device']);
  });

  it('names the failure instead of "ready"', () => {
    const state = appState({ doctor: { check: { ...check, ok: false, failureId: 'nv-fsp-timeout', failureTitle: 'FSP' }, measured: null } });
    expect(trayDoctorItems(state, undefined, NOW)[0]!.label).toBe('Driver ready, but the GPU failed its check: FSP');
  });

  it('offers "Check the eGPU…" and calls its handler', () => {
    const checkEgpu = vi.fn();
    const template = trayMenuTemplate(appState(), { refresh: vi.fn(), openPopover: vi.fn(), openSetup: vi.fn(), copyDiagnostics: vi.fn(), setLaunchAtLogin: vi.fn(), quit: vi.fn(), checkEgpu }, { launchAtLogin: false });
    const item = template.find((i) => i.id === 'check-egpu')!;
    expect(item.label).toBe('Check the eGPU…');
    item.click!({} as never, undefined as never, {} as never);
    expect(checkEgpu).toHaveBeenCalledOnce();
  });
});
