import { describe, expect, it } from 'vitest';
import { aboutText } from '../../../src/main/about';
import type { DriverInfo } from '../../../src/core/api/schemas';

const driver = (patch: Partial<DriverInfo>): DriverInfo => ({ state: 'ready', name: 'TinyGPU', version: '1.4.2', signing: 'Apple Signed', detail: null, ...patch });

describe('About box', () => {
  it('shows the app, Electron, Chromium and Node versions and the driver seen', () => {
    const text = aboutText({ appVersion: '0.3.1', versions: { electron: '45.5.0', chrome: '142.0.7444.0', node: '22.20.0' }, driver: driver({}) });
    expect(text.message).toBe('eGPU Companion 0.3.1');
    expect(text.detail.split('\n').slice(0, 4)).toEqual(['Electron 45.5.0', 'Chromium 142.0.7444.0', 'Node 22.20.0', 'Driver: TinyGPU 1.4.2 (ready)']);
  });

  it('says what it does not know instead of leaving blanks', () => {
    const plainNode = aboutText({ appVersion: '0.3.1', versions: { node: 'v20.19.0' }, driver: null });
    expect(plainNode.detail).toContain('Electron unknown');
    expect(plainNode.detail).toContain('Node 20.19.0');
    expect(plainNode.detail).toContain('TinyGPU driver: not seen yet');
    const missing = aboutText({ appVersion: '1.0.0', versions: { node: '20' }, driver: driver({ state: 'not-installed', version: null }) });
    expect(missing.detail).toContain('TinyGPU driver: not installed');
    const waiting = aboutText({ appVersion: '1.0.0', versions: { node: '20' }, driver: driver({ state: 'awaiting-approval', version: null }) });
    expect(waiting.detail).toContain('Driver: TinyGPU version unknown (awaiting approval)');
  });
});
