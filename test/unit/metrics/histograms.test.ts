// The TTFT histogram and tok/s summary: per model and server, completed runs only, series capped.
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../../src/core/api/inference';
import { MAX_DISTRIBUTION_SERIES, renderDistributions } from '../../../src/core/metrics/histograms';

function measurement(overrides: Partial<Measurement> = {}): Measurement {
  return {
    at: 1_700_000_000_000, source: 'proxy', backend: 'Ollama', server: 'Ollama', model: 'llama3.1:8b', onEgpu: false, gpu: null, link: null,
    outcome: 'completed', tokensPerSecond: 40, ttftMs: 200, promptTokensPerSecond: null, promptTokens: null, completionTokens: 100, estimated: false, gbPerSecond: null, mbUsed: null,
    ...overrides,
  };
}

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('inference distributions', () => {
  it('counts completed runs only, per model and server; older entries without a server use their backend', async () => {
    const text = await renderDistributions([
      measurement({ ttftMs: 40 }),
      measurement({ ttftMs: 9000, tokensPerSecond: 12 }),
      measurement({ outcome: 'cancelled', ttftMs: 100 }),
      measurement({ server: undefined, backend: 'LM Studio', ttftMs: 150 }),
    ]);
    const ollama = 'model="llama3.1:8b",server="Ollama"';
    expect(value(text, `egpu_inference_ttft_seconds_count{${ollama}}`)).toBe(2);
    expect(value(text, `egpu_inference_ttft_seconds_bucket{le="0.05",${ollama}}`)).toBe(1);
    expect(value(text, `egpu_inference_ttft_seconds_bucket{le="7.5",${ollama}}`)).toBe(1);
    expect(value(text, `egpu_inference_ttft_seconds_bucket{le="10",${ollama}}`)).toBe(2);
    expect(value(text, `egpu_inference_ttft_seconds_sum{${ollama}}`)).toBeCloseTo(9.04);
    expect(value(text, `egpu_inference_tokens_per_second_sum{${ollama}}`)).toBe(52);
    expect(value(text, 'egpu_inference_ttft_seconds_count{model="llama3.1:8b",server="LM Studio"}')).toBe(1);
  });

  it(`keeps the ${MAX_DISTRIBUTION_SERIES} most recently measured series`, async () => {
    const many = Array.from({ length: MAX_DISTRIBUTION_SERIES + 5 }, (_, i) => measurement({ model: `model-${i}`, at: 1000 + i }));
    const text = await renderDistributions(many);
    const counted = text.split('\n').filter((l) => l.startsWith('egpu_inference_ttft_seconds_count'));
    expect(counted).toHaveLength(MAX_DISTRIBUTION_SERIES);
    expect(text).toContain(`model="model-${MAX_DISTRIBUTION_SERIES + 4}"`);
    expect(text).not.toContain('model="model-4"');
  });
});
