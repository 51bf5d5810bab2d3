// The Speed chart's data: saved results and live readings on one time axis, and axes from zero.
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/core/api/inference';
import { speedSeries, zeroBasedRange } from '../../src/renderer/src/speed-series';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const measurement = (at: number, tokensPerSecond: number, ttftMs: number): Measurement =>
  ({ at, tokensPerSecond, ttftMs, model: 'qwen3:8b', backend: 'Ollama', onEgpu: false }) as Measurement;

describe('speedSeries', () => {
  it('merges saved results and live readings in time order, each in its own series', () => {
    const [x, savedTps, savedTtft, liveTps] = speedSeries(
      [measurement(T0 + 60_000, 42, 180), measurement(T0, 40, 190)],
      [{ at: T0 + 30_000, tokensPerSecond: 41, ttftMs: 185 }],
    );
    expect(x).toEqual([T0 / 1000, T0 / 1000 + 30, T0 / 1000 + 60]);
    expect(savedTps).toEqual([40, null, 42]);
    expect(savedTtft).toEqual([190, null, 180]);
    expect(liveTps).toEqual([null, 41, null]);
  });

  it('is empty with nothing saved and nothing live', () => {
    expect(speedSeries([], [])[0]).toEqual([]);
  });
});

describe('zeroBasedRange', () => {
  it('starts at zero, so 182 → 188 ms is not drawn as a cliff', () => {
    const [min, max] = zeroBasedRange([182, 188, null], 200);
    expect(min).toBe(0);
    expect(max).toBeGreaterThanOrEqual(200);
  });

  it('keeps a minimum span when all values are tiny or missing', () => {
    expect(zeroBasedRange([], 10)).toEqual([0, 10]);
    expect(zeroBasedRange([0.5, undefined], 10)).toEqual([0, 10]);
    expect(zeroBasedRange([100], 10)).toEqual([0, 115]);
  });
});
