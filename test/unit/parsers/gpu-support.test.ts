import { describe, expect, it } from 'vitest';
import data from '../../../resources/gpu-support.json';
import { GpuSupportTableSchema, gpuSupport } from '../../../src/core/probe/gpu-support';

describe('resources/gpu-support.json', () => {
  it('validates', () => {
    expect(GpuSupportTableSchema.safeParse(data).success).toBe(true);
  });
});

describe('gpuSupport by PCI id', () => {
  it("supports the NVIDIA families in TinyGPU's table (deviceId & 0xff00)", () => {
    const cases: Array<[string, string]> = [
      ['0x2204', 'Ampere (GA102)'], // RTX 3090
      ['0x2484', 'Ampere (GA103/GA104)'], // RTX 3070
      ['0x2684', 'Ada Lovelace (AD102)'], // RTX 4090
      ['0x2704', 'Ada Lovelace (AD103/AD104)'], // RTX 4080
      ['0x2882', 'Ada Lovelace (AD106/AD107)'], // RTX 4060
      ['0x2b85', 'Blackwell (GB202)'], // RTX 5090
      ['0x2c02', 'Blackwell (GB203)'], // RTX 5080
      ['0x2d04', 'Blackwell (GB206/GB207)'],
      ['0x2f04', 'Blackwell (GB205)'],
    ];
    for (const [deviceId, family] of cases) {
      expect(gpuSupport({ vendorId: '0x10de', deviceId }), deviceId).toMatchObject({ status: 'supported', family });
    }
  });

  it('rejects NVIDIA chips outside the table, naming why', () => {
    expect(gpuSupport({ vendorId: '0x10de', deviceId: '0x2321' })).toMatchObject({ status: 'unsupported', family: 'Hopper (GH100)' });
    expect(gpuSupport({ vendorId: '0x10de', deviceId: '0x20b0' })).toMatchObject({ status: 'unsupported', family: 'Ampere (GA100)' });
    expect(gpuSupport({ vendorId: '0x10de', deviceId: '0x1e04' })).toMatchObject({ status: 'unsupported', family: 'Turing' });
    expect(gpuSupport({ vendorId: '0x10DE', deviceId: '0x1B80' }).status).toBe('unsupported');
  });

  it("supports exactly the AMD device ids in TinyGPU's table", () => {
    for (const deviceId of ['0x74a1', '0x744c', '0x7480', '0x7550', '0x7551', '0x7590', '0x75a0', '0x75a8']) {
      expect(gpuSupport({ vendorId: '0x1002', deviceId }).status, deviceId).toBe('supported');
    }
    expect(gpuSupport({ vendorId: '0x1002', deviceId: '0x744c' }).family).toBe('RDNA3 (Navi 31)');
    expect(gpuSupport({ vendorId: '0x1002', deviceId: '0x747e' })).toMatchObject({ status: 'unsupported', family: 'RDNA3 (Navi 32)' });
    expect(gpuSupport({ vendorId: '0x1002', deviceId: '0x73bf' })).toMatchObject({ status: 'unsupported', family: 'RDNA2' });
    expect(gpuSupport({ vendorId: '0x1002', deviceId: '0x7441' }).status).toBe('unsupported');
    // The MI355X has its own id (0x75a3), which the table leaves out.
    expect(gpuSupport({ vendorId: '0x1002', deviceId: '0x75a3' }).status).toBe('unsupported');
  });

  it('calls Intel and other vendors unsupported', () => {
    expect(gpuSupport({ vendorId: '0x8086', deviceId: '0xe20b' })).toMatchObject({ status: 'unsupported', family: 'Intel Arc' });
    expect(gpuSupport({ vendorId: '0x1a03', deviceId: '0x2000' }).status).toBe('unsupported');
  });

  it('does not judge a dead link or ids that contradict the name', () => {
    expect(gpuSupport({ vendorId: '0xffff', deviceId: '0xffff', name: 'NVIDIA GeForce RTX 4090' })).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/link is dead/),
    });
    // A bridge firmware reported an RTX 4070 as vendor 0x1002 (#15760).
    expect(gpuSupport({ vendorId: '0x1002', deviceId: '0x2786', name: 'NVIDIA GeForce RTX 4070' }).status).toBe('unknown');
  });

  it('lets PCI ids win over the name', () => {
    expect(gpuSupport({ vendorId: '0x10de', deviceId: '0x2684', name: 'Graphics Card' }).status).toBe('supported');
  });
});

describe('gpuSupport by name', () => {
  const status = (name: string) => gpuSupport({ name }).status;

  it('supports Ampere, Ada and Blackwell NVIDIA cards', () => {
    for (const name of [
      'NVIDIA GeForce RTX 3090',
      'NVIDIA GeForce RTX 3090 Ti',
      'NVIDIA GeForce RTX 4090',
      'NVIDIA GeForce RTX 4080 SUPER',
      'NVIDIA GeForce RTX 5060 Ti',
      'NVIDIA GeForce RTX 5090',
      'NVIDIA RTX A6000',
      'NVIDIA RTX 6000 Ada Generation',
      'NVIDIA RTX PRO 6000 Blackwell Workstation Edition',
      'NVIDIA L40S',
      'NVIDIA A10',
    ]) {
      expect(status(name), name).toBe('supported');
    }
    expect(gpuSupport({ name: 'NVIDIA GeForce RTX 4090' }).family).toBe('Ada Lovelace');
  });

  it('rejects pre-Ampere NVIDIA cards', () => {
    for (const name of ['NVIDIA GeForce RTX 2080 Ti', 'NVIDIA GeForce GTX 1080', 'Quadro RTX 8000', 'Tesla T4', 'NVIDIA TITAN RTX', 'Tesla V100-SXM2-16GB']) {
      expect(status(name), name).toBe('unsupported');
    }
  });

  it("rejects datacenter chips TinyGPU's table leaves out, although the guide lists them", () => {
    expect(gpuSupport({ name: 'NVIDIA H100 80GB HBM3' })).toMatchObject({ status: 'unsupported', reason: expect.stringMatching(/guide lists H100/) });
    expect(status('NVIDIA A100-SXM4-40GB')).toBe('unsupported');
  });

  it('supports RDNA3 and RDNA4 AMD cards and rejects older ones', () => {
    for (const name of ['AMD Radeon RX 7900 XTX', 'AMD Radeon RX 7600', 'AMD Radeon RX 9070 XT', 'AMD Radeon RX 9060 XT', 'AMD Instinct MI300X']) {
      expect(status(name), name).toBe('supported');
    }
    expect(status('AMD Instinct MI350X')).toBe('supported');
    expect(status('AMD Instinct MI350P')).toBe('supported');
    expect(gpuSupport({ name: 'AMD Instinct MI355X' })).toMatchObject({ status: 'unsupported', reason: expect.stringMatching(/0x75a3/) });
    for (const name of ['AMD Radeon RX 6900 XT', 'AMD Radeon RX 580', 'Radeon RX Vega 64', 'AMD Radeon RX 7800 XT']) {
      expect(status(name), name).toBe('unsupported');
    }
  });

  it('calls Intel Arc unsupported and anything else unknown', () => {
    expect(gpuSupport({ name: 'Intel Arc B580' })).toMatchObject({ status: 'unsupported', family: 'Intel Arc' });
    expect(gpuSupport({ name: 'Mystery Accelerator 9000' })).toMatchObject({ status: 'unknown', family: null });
    expect(gpuSupport({})).toMatchObject({ status: 'unknown' });
  });
});
