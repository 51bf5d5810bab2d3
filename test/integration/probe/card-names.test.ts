// On the TinyGPU.app path a card without a macOS driver is "display" to System Information: the
// status the popover and `status` show names it from its PCI id and gives its specs all the same.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import { probeStatus } from '../../../src/cli/status';
import type { Measurement } from '../../../src/core/api/inference';
import { speedComparison } from '../../../src/core/inference/history/comparison';
import { benchmarkBandwidth } from '../../../src/core/inference/tinygrad/tinygrad-benchmark';
import { writeSimState } from '../../../src/core/sim/sim-control';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function appPathStatus(gpu: 'rtx4090' | 'rx7900xtx') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-card-names-'));
  dirs.push(dir);
  const simStateFile = path.join(dir, 'sim.json');
  await writeSimState(simStateFile, { scenario: 'connected', gpu });
  return probeStatus({ settings: DEFAULT_SETTINGS, selection: 'tinygpu-app', simStateFile });
}

function measured(tokensPerSecond: number): Measurement {
  return {
    at: 0, source: 'tinygrad-benchmark', backend: 'tinygrad', model: 'llama3.1:8b', onEgpu: true, outcome: 'completed', tokensPerSecond, ttftMs: null,
    promptTokensPerSecond: null, promptTokens: null, completionTokens: 20, estimated: false, gbPerSecond: null, mbUsed: null, gpu: null, link: null,
  };
}

describe('a card System Information calls "display"', () => {
  it('is named by its PCI id, with its spec VRAM and the bandwidth figures', async () => {
    const state = await appPathStatus('rtx4090');
    expect(state.devices[0]).toMatchObject({ name: 'NVIDIA GeForce RTX 4090', vendorId: '0x10de', deviceId: '0x2684', vramTotalMB: 24576, vramTotalSource: 'spec' });
    const name = state.devices[0]!.name;
    expect(benchmarkBandwidth(name, 523)?.text).toBe("achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s");
    // The guide's expectation and the decode ceiling for the card.
    const [row] = speedComparison([measured(46)], name);
    expect(row).toMatchObject({ gpu: 'NVIDIA GeForce RTX 4090', guideMin: 45, guideMax: 50, verdict: 'as-expected' });
    expect(row?.limitTokensPerSecond).toBeGreaterThan(100);
  });

  it('says every card an AMD id covers and claims no VRAM', async () => {
    const state = await appPathStatus('rx7900xtx');
    expect(state.devices[0]).toMatchObject({ name: 'AMD Radeon RX 7900 XTX, RX 7900 XT or RX 7900 GRE', vramTotalMB: null });
    expect(state.summary).not.toMatch(/24 GB/);
  });
});
