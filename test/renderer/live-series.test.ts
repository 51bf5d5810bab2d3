import { describe, expect, it } from 'vitest';
import type { InferenceLive } from '../../src/core/api/inference';
import { addReading, EMPTY_LIVE, SPARKLINE_POINTS, sparklinePath } from '../../src/renderer/src/live-series';

const reading = (current: number | null, running = true): InferenceLive => ({
  generationId: 1, model: 'llama3.1:8b', tokens: 1, currentTokensPerSecond: current, medianTokensPerSecond: 20, ttftMs: 150, onEgpu: false, running,
});

describe('live series', () => {
  it('keeps the last 60 readings for the sparkline and starts afresh with the next generation', () => {
    let live = EMPTY_LIVE;
    for (let i = 0; i < 80; i++) live = addReading(live, reading(i), i);
    expect(live.samples).toHaveLength(SPARKLINE_POINTS);
    expect(live.samples.at(-1)?.tokensPerSecond).toBe(79);
    live = addReading(live, reading(null, false), 81);
    expect(live.samples).toHaveLength(SPARKLINE_POINTS);
    live = addReading(live, reading(33), 90);
    expect(live.samples.map((s) => s.tokensPerSecond)).toEqual([33]);
    expect(live.history).toHaveLength(81);
  });

  it('draws nothing before the first rate and a line across the box after', () => {
    expect(sparklinePath([null, null], 100, 20)).toBe('');
    const d = sparklinePath([10, 20], 100, 20);
    expect(d).toMatch(/^M[\d.]+,[\d.]+L100\.0,1\.0$/);
  });
});
