// Cards named by their PCI id: every id the support table knows has specs, an id that covers two
// cards never claims the larger VRAM, and the VRAM a device reports tells such cards apart.
import { describe, expect, it } from 'vitest';
import supportData from '../../../resources/gpu-support.json';
import { withCardName, isGenericGpuName } from '../../../src/core/probe/card-names';
import { allGpuSpecs, cardFromPciId, gpuSpecFor, gpuSpecsForPciId } from '../../../src/core/probe/gpu-specs';
import { benchmarkBandwidth } from '../../../src/core/inference/tinygrad/tinygrad-benchmark';
import { device } from '../../builders/app-state';

const runnable = supportData.vendors.flatMap((vendor) =>
  vendor.families.filter((family) => family.status === 'supported' || family.status === 'experimental').map((family) => ({ vendorId: vendor.vendorId, ...family })),
);

describe('resources/gpu-specs.json by PCI id', () => {
  it.each(runnable.filter((family) => family.deviceIdMask === '0xffff').flatMap((family) => family.deviceIds.map((deviceId) => ({ family: family.family, vendorId: family.vendorId, deviceId }))))(
    'names $vendorId:$deviceId ($family) and gives its bandwidth',
    ({ vendorId, deviceId }) => {
      const specs = gpuSpecsForPciId(vendorId, deviceId);
      expect(specs.length).toBeGreaterThan(0);
      expect(cardFromPciId(vendorId, deviceId)?.name).toMatch(/^(AMD|NVIDIA) /);
    },
  );

  it.each(runnable.filter((family) => family.deviceIdMask !== '0xffff'))('lists at least one card of the $family family ($vendorId)', (family) => {
    const mask = Number.parseInt(family.deviceIdMask, 16);
    const inFamily = allGpuSpecs().filter((spec) =>
      spec.pciIds.some((key) => {
        const [vendorId, deviceId] = key.split(':');
        return vendorId === family.vendorId && family.deviceIds.some((id) => (Number.parseInt(deviceId ?? '', 16) & mask) === Number.parseInt(id, 16));
      }),
    );
    expect(inFamily.length, family.family).toBeGreaterThan(0);
  });

  it('never maps one id to two VRAM sizes silently: the name says both and no VRAM is claimed', () => {
    const ids = new Set(allGpuSpecs().flatMap((spec) => spec.pciIds));
    for (const key of ids) {
      const [vendorId, deviceId] = key.split(':');
      const specs = gpuSpecsForPciId(vendorId, deviceId);
      const sizes = new Set(specs.map((spec) => spec.vramGB));
      const card = cardFromPciId(vendorId, deviceId)!;
      if (sizes.size > 1) {
        expect(card.vram, key).toBeNull();
        expect(card.spec, key).toBeNull();
        for (const spec of specs) expect(card.name, key).toContain(spec.name.replace(/^AMD (Radeon|Instinct) /, ''));
      } else {
        expect(card.vram?.mb, key).toBe((specs[0]?.vramGB ?? 0) * 1024);
      }
    }
  });

  it('tells the RX 7900 XTX from the XT by the VRAM the device reports, and names both when it reports none', () => {
    expect(cardFromPciId('0x1002', '0x744c')).toEqual({ name: 'AMD Radeon RX 7900 XTX or RX 7900 XT', spec: null, vram: null });
    expect(cardFromPciId('0x1002', '0x744c', 20464)?.name).toBe('AMD Radeon RX 7900 XT');
    expect(cardFromPciId('0x1002', '0x744c', 24560)?.spec?.id).toBe('rx-7900-xtx');
    // The shared name is not read back as the larger card.
    expect(gpuSpecFor('AMD Radeon RX 7900 XTX or RX 7900 XT')).toBeNull();
    expect(benchmarkBandwidth('AMD Radeon RX 7900 XTX or RX 7900 XT', 700)).toBeNull();
    // Two cards with the same memory share it: the RX 9070 XT and RX 9070 both have 16 GB.
    expect(cardFromPciId('0x1002', '0x7550')).toMatchObject({ name: 'AMD Radeon RX 9070 XT or RX 9070', vram: { mb: 16384, type: 'GDDR6' } });
  });

  it('keeps names as aliases for sources that report only a name', () => {
    expect(gpuSpecFor('NVIDIA GeForce RTX 4080 SUPER')?.id).toBe('rtx-4080-super');
    expect(gpuSpecFor('Intel Arc B580')).toBeNull();
  });
});

describe('withCardName', () => {
  it('names a generic device from its PCI id and keeps a real name', () => {
    for (const generic of ['display', '', 'pci10de,2684', 'NVIDIA GPU 0x2684']) {
      expect(isGenericGpuName(generic)).toBe(true);
      const named = withCardName(device({ name: generic, vendorId: '0x10de', deviceId: '0x2684', vramTotalMB: null, vramType: null }));
      expect(named).toMatchObject({ name: 'NVIDIA GeForce RTX 4090', vramTotalMB: 24576, vramType: 'GDDR6X', vramTotalSource: 'spec' });
    }
    const own = withCardName(device({ name: 'NVIDIA GeForce RTX 4090 D', vendorId: '0x10de', deviceId: '0x2684', vramTotalMB: 24564, vramTotalSource: 'device' }));
    expect(own).toMatchObject({ name: 'NVIDIA GeForce RTX 4090 D', vramTotalMB: 24564 });
  });
});
