import { describe, expect, it } from 'vitest';
import type { Device, DriverInfo } from '../../../src/core/api/schemas';
import { DEXT_NOT_STARTED_HAZARD_ID, DRIVER_DISABLED_HAZARD_ID, inUseId, threeDControllerId } from '../../../src/core/monitor/driver-hazards';
import { deriveHazards } from '../../../src/core/monitor/hazards';
import { initialMonitorState, type MonitorContext, type MonitorState } from '../../../src/core/monitor/monitor-state';
import { presentsAs3dController } from '../../../src/core/probe/pci-class';

const NOW = 1_800_000_000_000;
const ctx: MonitorContext = { now: NOW, appStartedAt: NOW - 600_000, lastResumeAt: null, asleep: false, hostArch: 'arm64', intervalMs: 2000 };
const ready: DriverInfo = { state: 'ready', name: 'TinyGPU', version: '1.0.0/3', signing: null, detail: null };

function gpu(overrides: Partial<Device> = {}): Device {
  return {
    key: '0x10de:0x2684@Thunderbolt@3,0,0',
    index: 0,
    name: 'NVIDIA GeForce RTX 4090',
    vendor: 'nvidia',
    vendorId: '0x10de',
    deviceId: '0x2684',
    vramTotalMB: 24576,
    vramType: 'GDDR6X',
    vramUsedMB: null,
    vramUsedSource: null,
    utilizationPct: null,
    link: { kind: 'thunderbolt4', label: 'Thunderbolt (40 Gb/s) (PCIe x4 Gen4)', pcieWidth: 4, pcieGen: 4, up: true },
    driver: ready,
    extra: {},
    pciClass: '0x030000',
    ...overrides,
  };
}

function state(overrides: Partial<MonitorState>): MonitorState {
  return { ...initialMonitorState(), probe: { lastAt: NOW, source: 'tinygpu-app', error: null, consecutiveFailures: 0 }, ...overrides };
}

const ids = (s: MonitorState) => deriveHazards(s, ctx).map((hazard) => hazard.id);

describe('TinyGPU driver hazards', () => {
  it('says a switched-off driver is off, with the System Settings action', () => {
    const hazards = deriveHazards(state({ driver: { ...ready, state: 'disabled' }, devices: [gpu()] }), ctx);
    const hazard = hazards.find((h) => h.id === DRIVER_DISABLED_HAZARD_ID);
    expect(hazard).toMatchObject({ severity: 'warning', title: 'TinyGPU is switched off' });
    expect(hazard?.actions[0]).toMatchObject({ kind: 'open-url', label: 'Open System Settings' });
    expect(hazards.map((h) => h.id)).not.toContain('driver-activating');
  });

  it('warns critically about a board that presents as a 3D controller', () => {
    const h100 = gpu({ key: 'h100', name: 'NVIDIA H100 NVL', deviceId: '0x2321', pciClass: '0x030200' });
    expect(presentsAs3dController(h100)).toBe(true);
    const hazard = deriveHazards(state({ driver: ready, devices: [h100] }), ctx).find((h) => h.id === threeDControllerId('h100'));
    expect(hazard).toMatchObject({ severity: 'critical', title: 'This GPU presents itself as a 3D controller; TinyGPU cannot drive it' });
  });

  it('does not flag a VGA board or one of unknown class', () => {
    expect(ids(state({ driver: ready, devices: [gpu()] }))).not.toContain(threeDControllerId(gpu().key));
    expect(presentsAs3dController(gpu({ pciClass: undefined }))).toBe(false);
  });

  it('shows who uses the GPU', () => {
    const hazard = deriveHazards(state({ driver: ready, devices: [gpu({ inUseBy: { pid: 4242, command: 'python3' } })] }), ctx).find(
      (h) => h.id === inUseId(gpu().key),
    );
    expect(hazard).toMatchObject({ severity: 'info', title: 'In use by python3 (pid 4242)' });
  });

  it('explains "Driver not available" when the dext matched but never started', () => {
    const health = { driverBound: false, serverRunning: null, deadLink: false, hostArch: 'arm64', dextMatched: true };
    const hazard = deriveHazards(state({ driver: ready, devices: [gpu()], health }), ctx).find((h) => h.id === DEXT_NOT_STARTED_HAZARD_ID);
    expect(hazard?.why).toMatch(/RPC failed: Driver not available/);
  });
});
