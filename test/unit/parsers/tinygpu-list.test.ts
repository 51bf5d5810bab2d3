import { describe, expect, it } from 'vitest';
import { DeviceSchema, type Device } from '../../../src/core/api/schemas';
import { parseDriver, parseMemory, parseTinygpuList } from '../../../src/core/probe/parsers';
import { probeFixture, probeFixtureFiles } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

function devicesOf(file: string): Device[] {
  const { devices } = expectParsed(parseTinygpuList(probeFixture('tinygpu-list', file)));
  for (const device of devices) expect(DeviceSchema.safeParse(device).success).toBe(true);
  return devices;
}

function onlyDevice(file: string): Device {
  const devices = devicesOf(file);
  expect(devices).toHaveLength(1);
  return devices[0] as Device;
}

const GUIDE_DEVICE: Device = {
  key: 'NVIDIA GeForce RTX 4090#0',
  index: 0,
  name: 'NVIDIA GeForce RTX 4090',
  vendor: 'nvidia',
  vendorId: null,
  deviceId: null,
  vramTotalMB: 24576,
  vramType: 'GDDR6X',
  vramUsedMB: null,
  vramUsedSource: null,
  utilizationPct: null,
  link: { kind: 'thunderbolt4', label: 'Thunderbolt 4 (PCIe x4 Gen4)', pcieWidth: 4, pcieGen: 4, up: null },
  driver: { state: 'ready', name: 'TinyGPU', version: '1.0.2', signing: 'Apple Signed', detail: null },
  extra: {},
};

describe('parseTinygpuList', () => {
  it("reads the guide's sample into a complete device", () => {
    expect(onlyDevice('guide-rtx4090.txt')).toEqual(GUIDE_DEVICE);
  });

  it('reads the same device from CRLF output, with a banner, and with odd whitespace', () => {
    expect(onlyDevice('crlf.txt')).toEqual(GUIDE_DEVICE);
    expect(onlyDevice('banner.txt')).toEqual(GUIDE_DEVICE);
    expect(onlyDevice('whitespace.txt')).toEqual(GUIDE_DEVICE);
  });

  it('reads several devices separated by blank lines', () => {
    const [nvidia, amd] = devicesOf('two-devices.txt');
    expect(nvidia?.name).toBe('NVIDIA GeForce RTX 4090');
    expect(amd).toMatchObject({
      index: 1,
      name: 'AMD Radeon RX 7900 XTX',
      vendor: 'amd',
      vramTotalMB: 24576,
      vramType: 'GDDR6',
      link: { kind: 'usb4', pcieWidth: 4, pcieGen: 4 },
    });
    expect(nvidia?.key).not.toBe(amd?.key);
  });

  it('reports no devices with the message the CLI printed', () => {
    expect(expectParsed(parseTinygpuList(probeFixture('tinygpu-list', 'no-devices.txt')))).toEqual({
      devices: [],
      message: 'No devices found',
    });
    const withBanner = expectParsed(parseTinygpuList(probeFixture('tinygpu-list', 'no-tinygpu-devices.txt')));
    expect(withBanner.devices).toEqual([]);
    expect(withBanner.message).toMatch(/^No TinyGPU devices detected/);
  });

  it('reads the connection kind, PCIe width and generation of each link', () => {
    const cases: Array<[string, Partial<Device['link']>]> = [
      ['tb3-x4-gen3.txt', { kind: 'thunderbolt3', pcieWidth: 4, pcieGen: 3 }],
      ['thunderbolt5.txt', { kind: 'thunderbolt5', pcieWidth: 4, pcieGen: 4 }],
      ['usb4.txt', { kind: 'usb4', pcieWidth: 4, pcieGen: 4 }],
      ['usb3-fallback.txt', { kind: 'usb3', pcieWidth: null, pcieGen: null }],
      ['x1-link.txt', { kind: 'thunderbolt4', pcieWidth: 1, pcieGen: 1 }],
      ['gts-speed.txt', { kind: 'thunderbolt4', pcieWidth: 4, pcieGen: 3 }],
    ];
    for (const [file, link] of cases) expect(onlyDevice(file).link, file).toMatchObject(link);
  });

  it('keeps an unknown connection as its label with kind unknown, and warns', () => {
    const result = parseTinygpuList(probeFixture('tinygpu-list', 'unknown-connection.txt'));
    const device = expectParsed(result).devices[0];
    expect(device?.link).toEqual({
      kind: 'unknown',
      label: 'OCuLink bridge (experimental)',
      pcieWidth: null,
      pcieGen: null,
      up: null,
    });
    expect(result.ok && result.warnings.join(' ')).toMatch(/OCuLink/);
  });

  it('reads VRAM in MB, MiB, GB and GiB', () => {
    expect(onlyDevice('thunderbolt5.txt')).toMatchObject({ vramTotalMB: 32768, vramType: 'GDDR7' });
    expect(onlyDevice('usb4.txt')).toMatchObject({ vramTotalMB: 16384, vramType: 'GDDR6' });
    expect(onlyDevice('usb3-fallback.txt')).toMatchObject({ vramTotalMB: 12288, vramType: 'GDDR6X' });
    expect(onlyDevice('vram-gb.txt')).toMatchObject({ vramTotalMB: 16384, vramType: 'GDDR7' });
  });

  it('reads VRAM in use when printed and keeps unknown keys in extra', () => {
    expect(onlyDevice('extra-keys.txt')).toMatchObject({
      vramUsedMB: 3120,
      vramUsedSource: 'device',
      extra: { Temperature: '41 C', Power: '68 W / 450 W', Serial: '1324022051234' },
    });
  });

  it('reads fields in any order', () => {
    expect(onlyDevice('reordered-fields.txt')).toMatchObject({
      name: 'NVIDIA GeForce RTX 4080 SUPER',
      vramTotalMB: 16384,
      link: { kind: 'thunderbolt4', pcieWidth: 4, pcieGen: 4 },
      driver: { state: 'ready', version: '1.0.2' },
    });
  });

  it('tells the vendor from the name', () => {
    expect(onlyDevice('intel-arc.txt').vendor).toBe('intel');
    expect(onlyDevice('usb4.txt').vendor).toBe('amd');
    expect(onlyDevice('tb3-x4-gen3.txt').vendor).toBe('nvidia');
  });

  it('sets the driver per device: ready with a Driver line, null without, not-installed when it says so', () => {
    expect(onlyDevice('no-driver-line.txt').driver).toBeNull();
    expect(onlyDevice('driver-not-loaded.txt').driver).toMatchObject({ state: 'not-installed', detail: 'Not loaded' });
  });

  it('uses PCI ids for the key and vendor when a device prints them', () => {
    const text = 'Device 0: Graphics Card\n  Vendor ID: 0x10DE\n  Device ID: 0x2684\n';
    const device = expectParsed(parseTinygpuList(text)).devices[0];
    expect(device).toMatchObject({ vendor: 'nvidia', vendorId: '0x10de', deviceId: '0x2684', key: '0x10de:0x2684@0' });
  });

  it('keeps keys unique when a device is listed twice, and warns', () => {
    const result = parseTinygpuList('Device 0: X\nDevice 0: X\n');
    expect(expectParsed(result).devices.map((device) => device.key)).toEqual(['X#0', 'X#0~2']);
    expect(result.ok && result.warnings).toHaveLength(1);
  });

  it('fails with a readable message when the output is not a device list', () => {
    expect(expectParseError(parseTinygpuList(probeFixture('tinygpu-list', 'garbage.txt')))).toMatch(/Usage: tinygpu/);
    expect(expectParseError(parseTinygpuList(probeFixture('tinygpu-list', 'garbage-html.txt')))).toMatch(/Device N/);
    expect(expectParseError(parseTinygpuList(''))).toMatch(/printed nothing/);
  });

  it('parses every fixture except the garbage ones', () => {
    for (const file of probeFixtureFiles('tinygpu-list')) {
      expect(parseTinygpuList(probeFixture('tinygpu-list', file)).ok, file).toBe(!file.startsWith('garbage'));
    }
  });
});

describe('parseMemory', () => {
  it('converts units to MB and keeps the memory type', () => {
    expect(parseMemory('24576 MB GDDR6X')).toEqual({ megabytes: 24576, type: 'GDDR6X' });
    expect(parseMemory('24 GiB (GDDR6X)')).toEqual({ megabytes: 24576, type: 'GDDR6X' });
    expect(parseMemory('24,576 MiB')).toEqual({ megabytes: 24576, type: null });
    expect(parseMemory('1.5 GB')).toEqual({ megabytes: 1536, type: null });
    expect(parseMemory('unknown')).toBeNull();
    expect(parseMemory('1e400 MB')).toBeNull();
  });
});

describe('parseDriver', () => {
  it('splits name, version and signing', () => {
    expect(parseDriver('TinyGPU 1.0.2 (Apple Signed)')).toEqual(GUIDE_DEVICE.driver);
    expect(parseDriver('TinyGPU v1.1.0-beta')).toMatchObject({ name: 'TinyGPU', version: '1.1.0-beta', signing: null });
    expect(parseDriver('Awaiting approval')).toMatchObject({ state: 'awaiting-approval', version: null });
  });
});
