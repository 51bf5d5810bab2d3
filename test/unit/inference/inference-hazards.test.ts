// The inference warnings merged into the app state: the guide's slow-eGPU rule on the latest eGPU
// figure, the all-interfaces notice while tinygrad's server runs, order by severity, the tray left alone.
import { describe, expect, it } from 'vitest';
import { BACKEND_NOT_ACTIVE_HAZARD_ID, tinygradDeviceForVendor, type Measurement } from '../../../src/core/api/inference';
import { benchmarkBandwidth } from '../../../src/core/inference/tinygrad/tinygrad-benchmark';
import type { AppState, Hazard } from '../../../src/core/api/schemas';
import { stateWithFeatures } from '../../../src/core/feature';
import { backendNotActiveHazard, tinygradListensHazard } from '../../../src/core/inference/inference-hazards';
import { appState, hazard } from '../../builders/app-state';

const m = (overrides: Partial<Measurement>): Measurement => ({
  at: 5, source: 'tinygrad-benchmark', backend: 'tinygrad', model: 'llama3.1:8b', onEgpu: true, gpu: null, link: null, outcome: 'completed',
  tokensPerSecond: 6, ttftMs: null, promptTokensPerSecond: null, promptTokens: null, completionTokens: 20, estimated: false, gbPerSecond: null, mbUsed: null,
  ...overrides,
});

describe('backendNotActiveHazard', () => {
  it('warns under 10 tok/s on an 8B model on the eGPU, with the guide\u2019s checks', () => {
    const h = backendNotActiveHazard(m({}));
    expect(h).toMatchObject({ id: BACKEND_NOT_ACTIVE_HAZARD_ID, severity: 'warning', since: 5 });
    expect(h?.why).toContain('Was the tinygrad server started with DEV=NV');
    expect(h?.actions.map((a) => a.kind)).toEqual(['dismiss']);
  });

  it('stays quiet for fast results, Apple-GPU servers, big models, unfinished runs and no figure', () => {
    expect(backendNotActiveHazard(m({ tokensPerSecond: 35 }))).toBeNull();
    expect(backendNotActiveHazard(m({ onEgpu: false }))).toBeNull();
    expect(backendNotActiveHazard(m({ model: 'llama3.1:70b' }))).toBeNull();
    expect(backendNotActiveHazard(m({ outcome: 'cancelled' }))).toBeNull();
    expect(backendNotActiveHazard(null)).toBeNull();
  });
});

/** The inference feature's warnings merged as the companion merges every feature's. */
const withInferenceHazards = (state: AppState, hazards: Hazard[]) => stateWithFeatures(state, [{ name: 'inference', handlers: {}, hazards: () => hazards }]);

describe('the inference warnings in the app state', () => {
  it('merges by severity, replaces an older copy, and leaves the tray about the eGPU', () => {
    const listens = tinygradListensHazard(8000, 1);
    const base = appState({ hazards: [hazard({ id: 'link', severity: 'warning' }), hazard({ id: 'note', severity: 'info' })] });
    const slow = backendNotActiveHazard(m({}))!;
    const merged = withInferenceHazards(base, [listens, slow]);
    expect(merged.hazards.map((h) => h.id)).toEqual(['link', BACKEND_NOT_ACTIVE_HAZARD_ID, 'note', listens.id]);
    expect(merged.tray).toBe('ok');
    expect(withInferenceHazards(merged, [listens]).hazards.filter((h) => h.id === listens.id)).toHaveLength(1);
    expect(withInferenceHazards(base, [])).toBe(base);
  });

  it('says which port is open to the network', () => {
    expect(tinygradListensHazard(8123, 1).title).toBe("tinygrad's server accepts connections from your network on port 8123");
  });
});

describe('benchmark figures', () => {
  it('compares GB/s with the card the monitor sees, when it knows the card', () => {
    expect(benchmarkBandwidth('NVIDIA GeForce RTX 4090', 523.12)?.text).toBe("achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s");
    expect(benchmarkBandwidth('Some Unknown GPU', 523)).toBeNull();
    expect(benchmarkBandwidth(null, 523)).toBeNull();
    expect(benchmarkBandwidth('NVIDIA GeForce RTX 4090', null)).toBeNull();
  });

  it('DEV follows the vendor, NVIDIA when unknown', () => {
    expect(tinygradDeviceForVendor('amd')).toBe('AMD');
    expect(tinygradDeviceForVendor('nvidia')).toBe('NV');
    expect(tinygradDeviceForVendor(null)).toBe('NV');
  });
});
