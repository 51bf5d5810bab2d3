// Cards named by their PCI id: every id the support table knows has specs, an id that covers two
// cards never claims the larger VRAM, and the VRAM a device reports tells such cards apart.
import { readFileSync } from 'node:fs';
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

  it('tells the RX 7900 XTX, XT and GRE apart by the VRAM the device reports, and names all three when it reports none', () => {
    expect(cardFromPciId('0x1002', '0x744c')).toEqual({ name: 'AMD Radeon RX 7900 XTX, RX 7900 XT or RX 7900 GRE', spec: null, vram: null });
    expect(cardFromPciId('0x1002', '0x744c', 20464)?.name).toBe('AMD Radeon RX 7900 XT');
    expect(cardFromPciId('0x1002', '0x744c', 24560)?.spec?.id).toBe('rx-7900-xtx');
    expect(cardFromPciId('0x1002', '0x744c', 16368)?.spec).toMatchObject({ id: 'rx-7900-gre', bandwidthGBs: 576 });
    // The shared name is not read back as the larger card.
    expect(gpuSpecFor('AMD Radeon RX 7900 XTX, RX 7900 XT or RX 7900 GRE')).toBeNull();
    expect(benchmarkBandwidth('AMD Radeon RX 7900 XTX, RX 7900 XT or RX 7900 GRE', 700)).toBeNull();
    // Cards with the same memory share it: the RX 9070 XT and RX 9070 both have 16 GB; the 9070 GRE has 12.
    expect(cardFromPciId('0x1002', '0x7550')).toMatchObject({ name: 'AMD Radeon RX 9070 XT, RX 9070 or RX 9070 GRE', vram: null });
    expect(cardFromPciId('0x1002', '0x7550', 16368)).toMatchObject({ name: 'AMD Radeon RX 9070 XT or RX 9070', vram: { mb: 16384, type: 'GDDR6' } });
    expect(cardFromPciId('0x1002', '0x7550', 12272)?.spec?.id).toBe('rx-9070-gre');
  });

  it('names the MI350X, MI350P and MI355X by their own ids (pci.ids), and only the first two run on TinyGPU', () => {
    expect(cardFromPciId('0x1002', '0x75a0')?.spec?.id).toBe('instinct-mi350x');
    expect(cardFromPciId('0x1002', '0x75a8')?.spec).toMatchObject({ id: 'instinct-mi350p', vramGB: 144 });
    expect(cardFromPciId('0x1002', '0x75a3')?.spec?.id).toBe('instinct-mi355x');
    const tableIds = supportData.vendors.flatMap((vendor) => vendor.families.flatMap((family) => family.deviceIds.map((id) => `${vendor.vendorId}:${id}`)));
    expect(tableIds).toEqual(expect.arrayContaining(['0x1002:0x75a0', '0x1002:0x75a8']));
    expect(tableIds).not.toContain('0x1002:0x75a3');
  });

  it('keeps names as aliases for sources that report only a name', () => {
    expect(gpuSpecFor('NVIDIA GeForce RTX 4080 SUPER')?.id).toBe('rtx-4080-super');
    expect(gpuSpecFor('Intel Arc B580')).toBeNull();
  });
});

/** "0x1002:0x744c" → "Navi 31 [Radeon RX 7900 XT/7900 XTX/7900 GRE/7900M]", from the repository's excerpt. */
function pciIdsNames(): Map<string, string> {
  const names = new Map<string, string>();
  let vendor = '';
  for (const line of readFileSync(new URL('../../fixtures/pci-ids/gpu-devices.ids', import.meta.url), 'utf8').split('\n')) {
    const vendorLine = /^([0-9a-f]{4}) {2}/.exec(line);
    const deviceLine = /^\t([0-9a-f]{4}) {2}(.+)$/.exec(line);
    if (vendorLine) vendor = vendorLine[1]!;
    else if (deviceLine) names.set(`0x${vendor}:0x${deviceLine[1]}`, deviceLine[2]!);
  }
  return names;
}

describe('resources/gpu-specs.json against the PCI ID Repository', () => {
  const names = pciIdsNames();
  it.each(allGpuSpecs().flatMap((spec) => spec.pciIds.map((key) => ({ key, spec: spec.name }))))('$key is a $spec there', ({ key, spec }) => {
    // "AMD Radeon RX 9060 XT 16 GB" → "9060 xt": pci.ids lists models, not memory sizes, after the maker.
    const model = spec.replace(/^(NVIDIA GeForce |AMD Radeon |AMD Instinct |AMD )/, '').replace(/^RX /, '').replace(/ \d+ GB$/, '').toLowerCase();
    expect(names.get(key)?.toLowerCase(), key).toContain(model);
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
