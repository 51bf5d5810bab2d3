// The probe parsers read what the simulator prints, scenario by scenario: the same path the
// web-mode demo and the end-to-end tests rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NVIDIA_SMI_ARGS,
  parseIoregTinygpu,
  parseNvidiaSmi,
  parseSystemExtensions,
  parseSystemProfilerPciJson,
  parseSystemProfilerPciText,
  parseSystemProfilerThunderboltJson,
  parseTinygpuAppStatus,
  parseTinygpuList,
  parseTinygpuServerProcesses,
  type PciDevice,
} from '../../src/core/probe/parsers';
import type { ParseResult } from '../../src/core/probe/types';
import type { SimGpu, SimScenario } from '../../src/core/sim/sim-control';
import { createSimSandbox, type SimSandbox } from '../unit/sim/sim-harness';

let sim: SimSandbox;
beforeAll(async () => {
  sim = await createSimSandbox();
});
afterAll(async () => {
  await sim.cleanup();
});

function valueOf<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`parse failed: ${result.error.message}`);
  return result.value;
}

/** Runs every probe once, as the sources would, and parses what came back. */
async function probeAll(scenario: SimScenario, gpu: SimGpu = 'rtx4090') {
  await sim.setState({ scenario, gpu });
  const [list, status, extensions, pciText, pciJson, thunderbolt, smi, ioreg, ps] = await Promise.all([
    sim.run('tinygpu', ['list']),
    sim.run('tinygpuApp', ['status']),
    sim.run('systemextensionsctl', ['list']),
    sim.run('systemProfiler', ['SPPCIDataType']),
    sim.run('systemProfiler', ['SPPCIDataType', '-json']),
    sim.run('systemProfiler', ['SPThunderboltDataType', '-json']),
    sim.run('nvidiaSmi', NVIDIA_SMI_ARGS),
    sim.run('ioreg', ['-n', 'tinygpu']),
    sim.run('ps', ['-axo', 'pid=,command=']),
  ]);
  const externalPci = (devices: PciDevice[]) =>
    devices.filter((device) => device.thunderbolt && device.deviceType === 'VGA compatible controller');
  return {
    list,
    status: valueOf(parseTinygpuAppStatus(status.stdout)),
    extensions: valueOf(parseSystemExtensions(extensions.stdout)),
    gpuOnPciText: externalPci(valueOf(parseSystemProfilerPciText(pciText.stdout))),
    gpuOnPciJson: externalPci(valueOf(parseSystemProfilerPciJson(pciJson.stdout))),
    connectedPorts: valueOf(parseSystemProfilerThunderboltJson(thunderbolt.stdout)).filter((port) => port.connected),
    smi,
    bound: valueOf(parseIoregTinygpu(ioreg.stdout)).bound,
    server: valueOf(parseTinygpuServerProcesses(ps.stdout)),
  };
}

describe('parsers read the simulator', () => {
  it('connected: one RTX 4090 on a Thunderbolt 4 x4 Gen4 link, driver ready and bound', async () => {
    const probe = await probeAll('connected');
    const [device, ...others] = valueOf(parseTinygpuList(probe.list.stdout)).devices;
    expect(others).toEqual([]);
    expect(device).toMatchObject({
      name: 'NVIDIA GeForce RTX 4090',
      vendor: 'nvidia',
      vramTotalMB: 24576,
      vramType: 'GDDR6X',
      link: { kind: 'thunderbolt4', pcieWidth: 4, pcieGen: 4 },
      driver: { state: 'ready', version: '1.0.2', signing: 'Apple Signed' },
    });
    expect(probe.status.state).toBe('ready');
    expect(probe.extensions).toMatchObject({ state: 'ready', version: '1.0.0' });
    for (const pci of [probe.gpuOnPciText, probe.gpuOnPciJson]) {
      expect(pci).toEqual([
        expect.objectContaining({ vendorId: '0x10de', deviceId: '0x2684', linkWidth: 4, pcieGen: 4, linkUp: true, driverInstalled: true }),
      ]);
    }
    expect(probe.connectedPorts.map((port) => port.speedGbps)).toEqual([40, 40]);
    expect(probe.connectedPorts[0]?.deviceName).toBe('Core X V2');
    expect(valueOf(parseNvidiaSmi(probe.smi.stdout))).toEqual([
      expect.objectContaining({ name: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24576, pcieGenCurrent: 4, pcieWidthCurrent: 4 }),
    ]);
    expect(probe.bound).toBe(true);
    expect(probe.server).toEqual({ running: true, socketPaths: ['/var/folders/xx/T/tinygpu.sock'] });
  });

  it('absent: no device anywhere, the driver still ready', async () => {
    const probe = await probeAll('absent');
    expect(valueOf(parseTinygpuList(probe.list.stdout))).toEqual({ devices: [], message: 'No devices found.' });
    expect(probe.status.state).toBe('ready');
    expect(probe.extensions.state).toBe('ready');
    expect(probe.gpuOnPciText).toEqual([]);
    expect(probe.gpuOnPciJson).toEqual([]);
    expect(probe.connectedPorts).toEqual([]);
    expect(probe.smi.code).toBe(6);
    expect(valueOf(parseNvidiaSmi(probe.smi.stdout))).toEqual([]);
    expect(probe.bound).toBe(false);
    expect(probe.server.running).toBe(false);
  });

  it('driver-not-loaded: the GPU is on PCI without a driver; the CLIs say not installed', async () => {
    const probe = await probeAll('driver-not-loaded');
    expect(probe.list.code).toBe(1);
    expect(probe.status.state).toBe('not-installed');
    expect(probe.extensions.state).toBe('not-installed');
    expect(probe.gpuOnPciJson).toEqual([expect.objectContaining({ vendorId: '0x10de', driverInstalled: false })]);
    expect(probe.bound).toBe(false);
  });

  it('awaiting-approval: both the app and systemextensionsctl say approval is pending', async () => {
    const probe = await probeAll('awaiting-approval');
    expect(probe.list.code).toBe(1);
    expect(probe.status.state).toBe('awaiting-approval');
    expect(probe.status.message).toContain('System Settings');
    expect(probe.extensions.state).toBe('awaiting-approval');
    expect(probe.bound).toBe(false);
  });

  it('degraded-link: every source agrees on a Thunderbolt 3 x1 Gen3 link at 20 Gb/s', async () => {
    const probe = await probeAll('degraded-link');
    expect(valueOf(parseTinygpuList(probe.list.stdout)).devices[0]?.link).toMatchObject({
      kind: 'thunderbolt3',
      pcieWidth: 1,
      pcieGen: 3,
    });
    expect(probe.gpuOnPciText).toEqual([expect.objectContaining({ linkWidth: 1, pcieGen: 3 })]);
    expect(probe.connectedPorts.map((port) => port.speedGbps)).toEqual([20, 20]);
    expect(valueOf(parseNvidiaSmi(probe.smi.stdout))).toEqual([
      expect.objectContaining({ pcieGenCurrent: 3, pcieWidthCurrent: 1, pcieGenMax: 4, pcieWidthMax: 4 }),
    ]);
    expect(probe.bound).toBe(true);
  });

  it.each(['rtx3090', 'rtx5090', 'rx7900xtx', 'rtx2080'] as const)('reads the %s preset by name and PCI id', async (gpu) => {
    const probe = await probeAll('connected', gpu);
    const [device] = valueOf(parseTinygpuList(probe.list.stdout)).devices;
    const [pci] = probe.gpuOnPciJson;
    expect(device?.vendor).toBe(gpu === 'rx7900xtx' ? 'amd' : 'nvidia');
    expect(pci?.vendorId).toBe(gpu === 'rx7900xtx' ? '0x1002' : '0x10de');
  });

  it('garbage: the parsers reject the noise or find nothing in it, and never throw', async () => {
    await sim.setState({ scenario: 'garbage' });
    const [list, json, smi] = await Promise.all([
      sim.run('tinygpu', ['list']),
      sim.run('systemProfiler', ['SPPCIDataType', '-json']),
      sim.run('nvidiaSmi', NVIDIA_SMI_ARGS),
    ]);
    const devices = parseTinygpuList(list.stdout);
    expect(!devices.ok || devices.value.devices.length === 0).toBe(true);
    expect(parseSystemProfilerPciJson(json.stdout).ok).toBe(false);
    const gpus = parseNvidiaSmi(smi.stdout);
    expect(!gpus.ok || gpus.value.length === 0).toBe(true);
  });
});
