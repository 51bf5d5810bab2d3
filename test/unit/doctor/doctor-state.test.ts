import { describe, expect, it } from 'vitest';
import type { ComputeCheckRecord } from '../../../src/core/api/doctor';
import { statusExitCode, statusJson, statusText } from '../../../src/cli/status-report';
import { cardChanged, withDoctor } from '../../../src/core/doctor/doctor-state';
import { appState, device } from '../../builders/app-state';

const NOW = 1_700_000_000_000;
const failed: ComputeCheckRecord = { at: NOW - 5 * 60_000, ok: false, failureId: 'nv-arch-garbage', failureTitle: "The GPU's registers read garbage (KeyError: 63)", deviceKey: '0x10de:0x2684', deviceName: 'NVIDIA GeForce RTX 4090' };
const passed: ComputeCheckRecord = { ...failed, ok: true, failureId: null, failureTitle: null, at: NOW - 3 * 60_000 };

describe('"Ready" after a compute check', () => {
  it('no longer says ready when the card failed its check, and says why', () => {
    const state = withDoctor(appState(), failed, null, NOW);
    expect(state.tray).toBe('warning');
    expect(state.summary).toBe("Driver ready, but the GPU failed its check: The GPU's registers read garbage (KeyError: 63)");
    expect(state.hazards[0]).toMatchObject({ id: 'gpu-check-failed:0x10de:0x2684', severity: 'critical' });
    expect(state.hazards[0]!.actions[0]).toMatchObject({ kind: 'open-url', url: 'https://github.com/tinygrad/tinygrad/issues/15652' });
    expect(statusExitCode(state)).toBe(1);
    expect(statusJson(state).check).toEqual({ at: failed.at, ok: false, failureId: 'nv-arch-garbage' });
  });

  it('stays ready after a passed check and shows its age', () => {
    const state = withDoctor(appState(), passed, { hostToDeviceGBps: 3.1, deviceToHostGBps: 2.9, at: passed.at, name: null, deviceKey: '0x10de:0x2684' }, NOW);
    expect(state.tray).toBe('ok');
    expect(statusExitCode(state)).toBe(0);
    const text = statusText(state);
    expect(text).toContain('GPU     computed 3 min ago');
    expect(text).toContain('Copy    measured 3.1 GB/s host→device');
  });

  it('does not apply a check of another card', () => {
    const state = withDoctor(appState({ devices: [device({ deviceId: '2204', name: 'NVIDIA GeForce RTX 3090' })] }), failed, null, NOW);
    expect(state.tray).toBe('ok');
    expect(state.doctor?.check).toBeNull();
    expect(statusJson(state).check).toBeNull();
  });

  it('recognises the card by name where the source gives no PCI ids', () => {
    const state = withDoctor(appState({ devices: [device({ vendorId: null, deviceId: null })] }), failed, null, NOW);
    expect(state.tray).toBe('warning');
  });

  it('forgets a failed check once a good probe shows the card gone or replaced, not on a failed probe', () => {
    expect(cardChanged(failed, appState({ devices: [] }))).toBe(true);
    expect(cardChanged(failed, appState({ devices: [device({ deviceId: '2204' })] }))).toBe(true);
    expect(cardChanged(failed, appState())).toBe(false);
    expect(cardChanged(failed, appState({ devices: [], probe: { lastAt: NOW, source: null, error: 'tinygpu timed out', consecutiveFailures: 3, intervalMs: 2000 } }))).toBe(false);
    expect(cardChanged(passed, appState({ devices: [] }))).toBe(false);
  });

  it('leaves a driver that is not ready to the driver hazards', () => {
    const state = withDoctor(appState({ driver: { state: 'awaiting-approval', name: 'TinyGPU', version: null, signing: null, detail: null } }), failed, null, NOW);
    expect(state.summary).not.toContain('failed its check');
  });
});
