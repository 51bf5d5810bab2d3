import { describe, expect, it } from 'vitest';
import { deviceKey, normalizePciId, parseConnection, vendorFromName } from '../../../src/core/probe/parsers';

describe('parseConnection', () => {
  it('reads kind, width and generation from the wordings a CLI may print', () => {
    const cases: Array<[string, string, number | null, number | null]> = [
      ['Thunderbolt 5 (PCIe x4 Gen4)', 'thunderbolt5', 4, 4],
      ['Thunderbolt 4 (PCIe x4 Gen4)', 'thunderbolt4', 4, 4],
      ['TB3, x4 @ 8.0 GT/s', 'thunderbolt3', 4, 3],
      ['USB4 (PCIe x4 @ 16 GT/s)', 'usb4', 4, 4],
      ['USB 4 v2', 'usb4', null, null],
      ['USB3', 'usb3', null, null],
      ['USB 3.2 Gen 2x2', 'usb3', null, null],
      ['PCIe 4.0 x16', 'pcie', 16, 4],
      ['PCIe x1 @ 2.5 GT/s', 'pcie', 1, 1],
      ['PCIe x8 @ 32.0 GT/s', 'pcie', 8, 5],
      ['PCIe x16 @ 64 GT/s', 'pcie', 16, 6],
      ['PCIe x4 @ 5.0 GT/s', 'pcie', 4, 2],
      ['Thunderbolt', 'unknown', null, null],
    ];
    for (const [label, kind, pcieWidth, pcieGen] of cases) {
      expect(parseConnection(label), label).toEqual({ kind, label, pcieWidth, pcieGen, up: null });
    }
  });

  it('notices when the text says the link is down or up', () => {
    expect(parseConnection('Thunderbolt 4 (link down)').up).toBe(false);
    expect(parseConnection('PCIe: Link up, x4, 16.0 GT/s')).toMatchObject({ up: true, pcieWidth: 4, pcieGen: 4 });
  });
});

describe('vendorFromName', () => {
  it('tells NVIDIA, AMD and Intel names apart', () => {
    expect(vendorFromName('NVIDIA GeForce RTX 4090')).toBe('nvidia');
    expect(vendorFromName('GeForce GTX 1080')).toBe('nvidia');
    expect(vendorFromName('Quadro RTX 8000')).toBe('nvidia');
    expect(vendorFromName('AMD Radeon RX 7900 XTX')).toBe('amd');
    expect(vendorFromName('Radeon RX 9070 XT')).toBe('amd');
    expect(vendorFromName('RX 7600')).toBe('amd');
    expect(vendorFromName('Intel Arc B580')).toBe('intel');
    expect(vendorFromName('Graphics Card')).toBe('unknown');
  });
});

describe('deviceKey and normalizePciId', () => {
  it('prefers ids and slot, else the name and index', () => {
    expect(deviceKey({ index: 0, name: 'NVIDIA GeForce RTX 4090' })).toBe('NVIDIA GeForce RTX 4090#0');
    expect(deviceKey({ index: 0, name: 'x', vendorId: '0x10de', deviceId: '0x2684', slot: 'Thunderbolt@3,0,0' })).toBe(
      '0x10de:0x2684@Thunderbolt@3,0,0',
    );
  });

  it('lower-cases and prefixes ids', () => {
    expect(normalizePciId('0x10DE')).toBe('0x10de');
    expect(normalizePciId('10de')).toBe('0x10de');
    expect(normalizePciId('NVIDIA (0x10de)')).toBe('0x10de');
    expect(normalizePciId('none')).toBeNull();
  });
});
