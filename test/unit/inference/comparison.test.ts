import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../../src/core/api/inference';
import { lastByModel, speedComparison } from '../../../src/core/inference/history/comparison';

const m = (model: string, onEgpu: boolean, tokensPerSecond: number | null): Measurement => ({
  at: 1, source: 'speedtest', backend: 'x', model, onEgpu, gpu: null, link: null, outcome: 'completed',
  tokensPerSecond, ttftMs: 100, promptTokensPerSecond: null, promptTokens: null, completionTokens: null, estimated: false, gbPerSecond: null, mbUsed: null,
});

describe('this Mac vs the guide vs the card', () => {
  it('gives the guide range and the 4-bit decode ceiling of the RTX 4090 for an 8B model', () => {
    const [row] = speedComparison([m('llama3.1:8b', true, 30)], 'NVIDIA GeForce RTX 4090');
    expect(row).toMatchObject({ guideMin: 45, guideMax: 50, limitTokensPerSecond: 210, verdict: 'below-expected', gpu: 'NVIDIA GeForce RTX 4090' });
  });

  it('marks Apple-GPU results as the baseline, never as an eGPU verdict', () => {
    const [row] = speedComparison([m('llama3.1:8b', false, 30)], 'NVIDIA GeForce RTX 4090');
    expect(row?.verdict).toBe('apple-gpu-baseline');
  });

  it('has no guide figure or limit without a known card or model size', () => {
    const [row] = speedComparison([m('mystery-model', true, 30)], null);
    expect(row).toMatchObject({ guideMin: null, limitTokensPerSecond: null, verdict: 'no-expectation' });
  });
});

describe('the last result per model', () => {
  it('keeps the latest completed measurement of each backend and model', () => {
    const older = { ...m('llama3.1:8b', true, 30), at: 1 };
    const newer = { ...m('llama3.1:8b', true, 40), at: 2 };
    const failed = { ...m('llama3.1:8b', true, 5), at: 3, outcome: 'error' as const };
    const other = { ...m('qwen3:8b', false, 20), at: 4 };
    expect(lastByModel([older, newer, failed, other])).toEqual([newer, other]);
  });
});
