import { describe, expect, it } from 'vitest';
import {
  isDeadVendorId,
  parseSystemProfilerPciJson,
  parseSystemProfilerPciText,
  type PciDevice,
} from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const json = (file: string) => expectParsed(parseSystemProfilerPciJson(probeFixture('system-profiler-pci', file)));
const text = (file: string) => expectParsed(parseSystemProfilerPciText(probeFixture('system-profiler-pci', file)));

const RTX_4090: PciDevice = {
  name: 'NVIDIA GeForce RTX 4090',
  vendorId: '0x10de',
  deviceId: '0x2684',
  slot: 'Thunderbolt@3,0,0',
  thunderbolt: true,
  linkWidth: 4,
  linkSpeedGTs: 16,
  pcieGen: 4,
  linkUp: null,
  driverInstalled: false,
  deviceType: 'VGA-Compatible Controller',
};

describe('parseSystemProfilerPciJson', () => {
  it('reads the eGPU and its audio function', () => {
    const [gpu, audio] = json('egpu-rtx4090.json');
    expect(gpu).toEqual(RTX_4090);
    expect(audio).toMatchObject({ name: 'pci10de,22ba', deviceId: '0x22ba', deviceType: 'Audio Device', thunderbolt: true });
  });

  it('reads yes/no tokens, upper-case ids, the model name and the unverified link-status key', () => {
    expect(json('tokens-and-link-status.json')[0]).toEqual({
      name: 'AMD Radeon RX 7900 XTX',
      vendorId: '0x1002',
      deviceId: '0x744c',
      slot: 'Thunderbolt@5,0,0',
      thunderbolt: true,
      linkWidth: 16,
      linkSpeedGTs: 16,
      pcieGen: 4,
      linkUp: true,
      driverInstalled: true,
      deviceType: 'sppci_vga',
    });
  });

  it('shows a dead link as an all-ones vendor id with the link down', () => {
    const [gpu] = json('dead-link.json');
    expect(gpu).toMatchObject({ vendorId: '0xffff', linkUp: false });
    expect(isDeadVendorId(gpu?.vendorId)).toBe(true);
  });

  it('tolerates missing keys', () => {
    expect(json('missing-keys.json')).toEqual([
      { ...nulls(), name: 'NVIDIA GeForce RTX 3090', slot: 'Thunderbolt@1,0,0', thunderbolt: true },
      { ...nulls(), name: 'display', slot: null, thunderbolt: false },
    ]);
  });

  it('reads an empty list, and fails on text or on JSON of another kind', () => {
    expect(json('empty.json')).toEqual([]);
    expect(expectParseError(parseSystemProfilerPciJson(probeFixture('system-profiler-pci', 'garbage.txt')))).toMatch(/did not print JSON/);
    expectParseError(parseSystemProfilerPciJson('{"SPDisplaysDataType":[]}'));
    expectParseError(parseSystemProfilerPciJson('{"SPPCIDataType":{}}'));
  });
});

describe('parseSystemProfilerPciText', () => {
  it('reads the same eGPU from the text report, with its link status', () => {
    const [gpu, audio] = text('egpu-rtx4090.txt');
    expect(gpu).toEqual({ ...RTX_4090, linkUp: true });
    expect(audio).toMatchObject({ name: 'pci10de,22ba', slot: 'Thunderbolt@3,0,1' });
  });

  it('reads the issue samples: a 3D controller, an x16 link, a link down', () => {
    expect(text('3d-controller-h100.txt')[0]).toMatchObject({
      deviceType: '3D Controller',
      vendorId: '0x10de',
      deviceId: '0x2321',
      driverInstalled: false,
    });
    expect(text('rx6900xt-x16.txt')[0]).toMatchObject({ name: 'AMD Radeon RX 6900 XT', linkWidth: 16, pcieGen: 4, linkUp: true });
    expect(text('link-down-7900xtx.txt')[0]).toMatchObject({ linkUp: false, linkSpeedGTs: 8, pcieGen: 3, driverInstalled: true });
  });

  it('reads internal devices in the real field order', () => {
    const [display, network] = text('internal-t480s.txt');
    expect(display).toMatchObject({ name: 'display', slot: 'Internal@0,2,0', thunderbolt: false, linkWidth: 1, pcieGen: 1 });
    expect(network).toMatchObject({ vendorId: '0x8086', deviceId: '0x24fd', linkUp: null });
  });

  it('reads CRLF text and empty output, and fails on an error line', () => {
    expect(text('crlf.txt')[0]).toMatchObject({ name: 'NVIDIA GeForce RTX 4090', linkWidth: 4, pcieGen: 4 });
    expect(text('empty.txt')).toEqual([]);
    expectParseError(parseSystemProfilerPciText(probeFixture('system-profiler-pci', 'garbage.txt')));
  });
});

describe('isDeadVendorId', () => {
  it('is true only for all ones', () => {
    expect(isDeadVendorId('0xffff')).toBe(true);
    expect(isDeadVendorId('0xFFFF')).toBe(true);
    expect(isDeadVendorId('0xffffffff')).toBe(true);
    expect(isDeadVendorId('0x10de')).toBe(false);
    expect(isDeadVendorId(null)).toBe(false);
  });
});

function nulls(): Omit<PciDevice, 'name' | 'slot' | 'thunderbolt'> {
  return {
    vendorId: null,
    deviceId: null,
    linkWidth: null,
    linkSpeedGTs: null,
    pcieGen: null,
    linkUp: null,
    driverInstalled: null,
    deviceType: null,
  };
}
