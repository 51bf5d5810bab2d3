// Whatever a server reports, a measurement fits its schema and is kept.
import { describe, expect, it } from 'vitest';
import { MeasurementSchema, type Measurement } from '../../../src/core/api/inference';
import { sanitizeMeasurement } from '../../../src/core/inference/history/sanitize-measurement';

const base: Measurement = {
  at: 1_700_000_000_000, source: 'proxy', backend: 'http://127.0.0.1:11434', model: 'qwen3:8b', onEgpu: false, gpu: null, link: null,
  outcome: 'completed', tokensPerSecond: 40, ttftMs: 200, promptTokensPerSecond: 900, promptTokens: 12, completionTokens: 100, estimated: false, gbPerSecond: null, mbUsed: null,
};

describe('sanitizeMeasurement', () => {
  it('turns Infinity and NaN figures into unknown and keeps the rest', () => {
    const m = sanitizeMeasurement({ ...base, tokensPerSecond: Infinity, promptTokensPerSecond: Number.NaN, completionTokens: -Infinity });
    expect(MeasurementSchema.safeParse(m).success).toBe(true);
    expect(m).toMatchObject({ tokensPerSecond: null, promptTokensPerSecond: null, completionTokens: null, ttftMs: 200, promptTokens: 12 });
  });

  it('cuts texts to the schema’s limits and removes user:password from the backend', () => {
    const m = sanitizeMeasurement({ ...base, backend: `http://admin:pw@127.0.0.1:11434/${'p'.repeat(300)}`, model: 'm'.repeat(400), gpu: 'g'.repeat(250) });
    expect(MeasurementSchema.safeParse(m).success).toBe(true);
    expect(m.backend.startsWith('http://127.0.0.1:11434/')).toBe(true);
    expect(m.backend).not.toContain('admin');
  });

  it('leaves a measurement that already fits unchanged', () => {
    expect(sanitizeMeasurement(base)).toEqual(base);
  });
});
