import { describe, expect, it } from 'vitest';
import { parseIoregPci } from '../../../src/core/probe/parsers';
import { isRegistryGpu } from '../../../src/core/probe/sources/tinygpu-app';
import { probeFixture } from '../../fixtures/probe/fixtures';

const read = (file: string) => {
  const result = parseIoregPci(probeFixture('ioreg', file));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('parseIoregPci (ioreg -r -c IOPCIDevice -l)', () => {
  it('reads the eGPU, its PCIe link and the bound TinyGPU service below it', () => {
    const gpus = read('pci-egpu-bound.txt').filter(isRegistryGpu);
    expect(gpus).toEqual([
      expect.objectContaining({ vendorId: '0x10de', deviceId: '0x2684', classCode: 0x030000, tunnelled: true, linkWidth: 4, linkGen: 4, driverBound: true }),
    ]);
  });

  it('sees a 3D controller the driver matched but never started, and leaves its audio function out', () => {
    const gpus = read('pci-3d-controller-matched.txt').filter(isRegistryGpu);
    expect(gpus).toHaveLength(1);
    expect(gpus[0]).toMatchObject({ deviceId: '0x2321', classCode: 0x030200, dextMatchCount: 1, driverBound: false, linkWidth: 4, linkGen: 4 });
  });

  it('reads no output as no devices and refuses text that is no registry tree', () => {
    expect(read('empty.txt')).toEqual([]);
    expect(parseIoregPci('ioreg: command not understood').ok).toBe(false);
  });
});
