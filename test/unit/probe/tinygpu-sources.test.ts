// The sources against recorded outputs: what a real Mac would show for each driver situation.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_BINARY_NOTE, createTinygpuCliSource } from '../../../src/core/probe/sources/tinygpu-cli';
import { createTinygpuAppSource } from '../../../src/core/probe/sources/tinygpu-app';
import { portOfGpu } from '../../../src/core/probe/sources/tinygpu-app-detail';
import { ollamaCountsAsEgpuVram } from '../../../src/core/probe/vram';
import { cardFromPciId } from '../../../src/core/probe/gpu-specs';
import { probeFixturePath } from '../../fixtures/probe/fixtures';
import { fakeContext, fakeTool, fakeToolDir } from './fake-tools';

function appPathTools(dir: string, pci: string, ioreg: string, extensions = 'ready.txt') {
  return {
    ioreg: fakeTool(dir, 'ioreg', probeFixturePath('ioreg', ioreg)),
    systemProfiler: fakeTool(dir, 'system_profiler', probeFixturePath('system-profiler-pci', pci)),
    systemextensionsctl: fakeTool(dir, 'systemextensionsctl', probeFixturePath('systemextensionsctl', extensions)),
    ps: fakeTool(dir, 'ps', probeFixturePath('ps', 'server-running.txt')),
  };
}

describe('TinyGPU.app source on recorded outputs', () => {
  it('reads a 3D-controller board: class 0x030200, matched but not bound, VRAM unknown, speed not guessed', async () => {
    const dir = fakeToolDir();
    const ctx = fakeContext(appPathTools(dir, '3d-controller-h100.json', 'pci-3d-controller-matched.txt'), dir);
    const snapshot = await createTinygpuAppSource(ctx).probe({ detail: 'force' });
    expect(snapshot.devices).toHaveLength(1);
    expect(snapshot.devices[0]).toMatchObject({ pciClass: '0x030200', vramTotalMB: null });
    expect(snapshot.devices[0]?.link.label).toBe('Thunderbolt (speed unknown) (PCIe x4 Gen4)');
    expect(snapshot.health).toMatchObject({ driverBound: false, dextMatched: true });
  });

  it('gives the VRAM total from the spec table, labelled spec, and names the lock holder', async () => {
    const dir = fakeToolDir();
    writeFileSync(path.join(dir, 'nv_usb4.lock'), '');
    const ctx = fakeContext(
      { ...appPathTools(dir, 'egpu-rtx4090.json', 'pci-egpu-bound.txt'), lsof: fakeTool(dir, 'lsof', probeFixturePath('lsof', 'one-holder.txt')) },
      dir,
    );
    const snapshot = await createTinygpuAppSource(ctx).probe({ detail: 'force' });
    expect(snapshot.devices[0]).toMatchObject({
      vramTotalMB: 24576,
      vramType: 'GDDR6X',
      vramTotalSource: 'spec',
      vramUsedMB: null,
      pciClass: '0x030000',
      inUseBy: { pid: 4242, command: 'python3' },
    });
    expect(snapshot.health).toMatchObject({ driverBound: true, serverRunning: true });
  });

  it('reads the user switching the driver off as disabled, not activating', async () => {
    const dir = fakeToolDir();
    const ctx = fakeContext(appPathTools(dir, 'egpu-rtx4090.json', 'pci-egpu-bound.txt', 'unknown-state.txt'), dir);
    const snapshot = await createTinygpuAppSource(ctx).probe({ detail: 'force' });
    expect(snapshot.driver.state).toBe('disabled');
  });
});

describe('a `tinygpu` on PATH that is really TinyGPU.app', () => {
  it('falls back to the TinyGPU.app probes and says so', async () => {
    const dir = fakeToolDir();
    const tinygpu = fakeTool(dir, 'tinygpu', probeFixturePath('tinygpu-app-cli', 'unknown-command-list.txt'), 2);
    const ctx = fakeContext(appPathTools(dir, 'egpu-rtx4090.json', 'pci-egpu-bound.txt'), dir);
    const snapshot = await createTinygpuCliSource(ctx, tinygpu).probe({ detail: 'force' });
    expect(snapshot.source).toBe('tinygpu-app');
    expect(snapshot.note).toBe(APP_BINARY_NOTE);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.devices[0]?.name).toBe('NVIDIA GeForce RTX 4090');
  });
});

describe('link and memory rules', () => {
  const port = (speedGbps: number, connected = true) => ({
    bus: '0', receptacle: '1', connected, speedGbps, deviceName: 'Core X', vendorName: 'Razer', mode: null,
  });

  it('takes the link name from the one connected port, never from the fastest of several', () => {
    expect(portOfGpu([port(20), port(40, false)]).name).toBe('Thunderbolt 3 (20 Gb/s)');
    expect(portOfGpu([port(20), port(40)]).name).toBe('Thunderbolt (speed unknown)');
    expect(portOfGpu([]).name).toBe('Thunderbolt (speed unknown)');
    // A 40 Gb/s Thunderbolt 3 enclosure is not called "Thunderbolt 4".
    expect(portOfGpu([port(40)]).name).not.toMatch(/Thunderbolt 4/);
  });

  it("never counts Ollama's memory as eGPU memory on the TinyGPU.app path", () => {
    expect(ollamaCountsAsEgpuVram('tinygpu-app')).toBe(false);
    expect(ollamaCountsAsEgpuVram('tinygpu')).toBe(true);
  });

  it('knows spec VRAM only for exact PCI ids', () => {
    expect(cardFromPciId('0x10de', '0x2b85')?.vram).toEqual({ mb: 32768, type: 'GDDR7' });
    expect(cardFromPciId('0x10de', '0x2321')).toBeNull();
  });
});
