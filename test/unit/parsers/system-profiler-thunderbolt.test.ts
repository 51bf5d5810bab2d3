import { describe, expect, it } from 'vitest';
import { parseSystemProfilerThunderboltJson } from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const ports = (file: string) => expectParsed(parseSystemProfilerThunderboltJson(probeFixture('system-profiler-thunderbolt', file)));

describe('parseSystemProfilerThunderboltJson', () => {
  it('reads a receptacle and the device behind it, with the negotiated speed', () => {
    expect(ports('usb4-80gbps-device.json')).toEqual([
      {
        bus: 'thunderboltusb4_bus_3',
        receptacle: '4',
        connected: true,
        speedGbps: 80,
        deviceName: 'Envoy Ultra',
        vendorName: 'Other World Computing',
        mode: 'usb_four_v2',
      },
      {
        bus: 'thunderboltusb4_bus_3',
        receptacle: 'upstream',
        connected: true,
        speedGbps: 80,
        deviceName: 'Envoy Ultra',
        vendorName: 'Other World Computing',
        mode: 'usb_four_v2',
      },
    ]);
  });

  it('reads empty ports as not connected with no speed ("Up to" is only a capability)', () => {
    const all = ports('egpu-tb4-and-empty-ports.json');
    const empty = all.filter((port) => !port.connected);
    expect(empty.map((port) => port.receptacle)).toEqual(['1', '3']);
    for (const port of empty) expect(port).toMatchObject({ speedGbps: null, deviceName: null });
    const enclosure = all.find((port) => port.receptacle === '2');
    expect(enclosure).toMatchObject({ connected: true, speedGbps: 40, deviceName: 'Core X V2', vendorName: 'Razer', mode: 'thunderbolt_four' });
  });

  it('includes daisy-chained devices', () => {
    const names = ports('daisy-chain.json').map((port) => port.deviceName);
    expect(names).toEqual(['TS4', 'TS4', 'eGPU Enclosure']);
  });

  it('reads an empty report, and fails on text output', () => {
    expect(ports('empty.json')).toEqual([]);
    expect(expectParseError(parseSystemProfilerThunderboltJson(probeFixture('system-profiler-thunderbolt', 'text-not-json.txt')))).toMatch(
      /Thunderbolt\/USB4/,
    );
    expectParseError(parseSystemProfilerThunderboltJson('{"SPPCIDataType":[]}'));
  });
});
