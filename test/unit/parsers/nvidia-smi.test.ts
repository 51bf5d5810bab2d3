import { describe, expect, it } from 'vitest';
import { DeviceSchema } from '../../../src/core/api/schemas';
import {
  NVIDIA_SMI_ARGS,
  NVIDIA_SMI_QUERY_FIELDS,
  nvidiaSmiToDevice,
  parseNvidiaSmi,
  type NvidiaSmiGpu,
} from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const gpus = (file: string) => expectParsed(parseNvidiaSmi(probeFixture('nvidia-smi', file)));

const RTX_4090: NvidiaSmiGpu = {
  index: 0,
  name: 'NVIDIA GeForce RTX 4090',
  memoryTotalMiB: 24564,
  memoryUsedMiB: 1873,
  utilizationPct: 37,
  pcieGenCurrent: 4,
  pcieWidthCurrent: 4,
  pcieGenMax: 4,
  pcieWidthMax: 16,
};

describe('parseNvidiaSmi', () => {
  it('reads the query the source runs, with or without header and units', () => {
    expect(NVIDIA_SMI_ARGS[0]).toBe(`--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(',')}`);
    expect(gpus('query-noheader-nounits.txt')).toEqual([RTX_4090]);
    expect(gpus('query-header-units.txt')).toEqual([RTX_4090]);
  });

  it('reads several GPUs, CRLF and extra spaces', () => {
    expect(gpus('two-gpus.txt')[1]).toMatchObject({ index: 1, name: 'NVIDIA RTX A6000', pcieGenCurrent: 1, pcieWidthCurrent: 16 });
    expect(gpus('crlf.txt').map((gpu) => gpu.name)).toEqual(['NVIDIA GeForce RTX 4090', 'NVIDIA GeForce RTX 3090']);
    expect(gpus('extra-spaces.txt')[0]).toMatchObject({ name: 'NVIDIA GeForce RTX 3090', memoryTotalMiB: 24576, pcieWidthMax: 16 });
  });

  it('maps header columns by name for other field sets', () => {
    expect(gpus('reference-h100-header.txt')).toEqual([
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        memoryTotalMiB: null,
        memoryUsedMiB: null,
        utilizationPct: null,
        pcieGenCurrent: 5,
        pcieWidthCurrent: 16,
        pcieGenMax: null,
        pcieWidthMax: null,
      },
    ]);
    expect(gpus('reference-t4-units.txt')[0]).toMatchObject({ name: 'Tesla T4', utilizationPct: 98, memoryUsedMiB: 7234, memoryTotalMiB: 15360 });
  });

  it('reads [N/A] and [Not Supported] as unknown', () => {
    expect(gpus('not-available.txt')[0]).toEqual({
      index: 0,
      name: 'NVIDIA GB10',
      memoryTotalMiB: null,
      memoryUsedMiB: null,
      utilizationPct: 12,
      pcieGenCurrent: null,
      pcieWidthCurrent: null,
      pcieGenMax: null,
      pcieWidthMax: null,
    });
  });

  it('reads "No devices were found" as zero GPUs and fails on driver errors', () => {
    expect(gpus('no-devices.txt')).toEqual([]);
    expect(expectParseError(parseNvidiaSmi(probeFixture('nvidia-smi', 'driver-failed.txt')))).toMatch(/NVIDIA-SMI has failed/);
    expectParseError(parseNvidiaSmi(''));
  });
});

describe('nvidiaSmiToDevice', () => {
  it('builds a valid device with the current PCIe link and VRAM in use', () => {
    const device = nvidiaSmiToDevice(RTX_4090);
    expect(DeviceSchema.safeParse(device).success).toBe(true);
    expect(device).toMatchObject({
      key: 'NVIDIA GeForce RTX 4090#0',
      vendor: 'nvidia',
      vramTotalMB: 24564,
      vramUsedMB: 1873,
      vramUsedSource: 'device',
      utilizationPct: 37,
      link: { kind: 'pcie', label: 'PCIe x4 Gen4', pcieWidth: 4, pcieGen: 4, up: null },
      extra: { 'Max PCIe link': 'x16 Gen4' },
    });
    expect(nvidiaSmiToDevice(RTX_4090, 'thunderbolt4').link.kind).toBe('thunderbolt4');
  });

  it('keeps unknown values null', () => {
    const [gb10] = gpus('not-available.txt');
    const device = nvidiaSmiToDevice(gb10 as NvidiaSmiGpu);
    expect(DeviceSchema.safeParse(device).success).toBe(true);
    expect(device).toMatchObject({ vramTotalMB: null, vramUsedMB: null, vramUsedSource: null, link: { label: 'PCIe', pcieWidth: null } });
  });
});
