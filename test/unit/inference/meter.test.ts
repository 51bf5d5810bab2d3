import { describe, expect, it } from 'vitest';
import { GenerationMeter } from '../../../src/core/inference/metering/meter';

describe('generation meter', () => {
  it('TTFT ends at the first token; decode rate covers the tokens after it; usage wins over counting', () => {
    const m = new GenerationMeter('m', 1000);
    for (let i = 0; i < 11; i += 1) m.observe({ kind: 'delta', content: 'x', reasoning: '' }, 1200 + i * 20);
    m.observe({ kind: 'usage', promptTokens: 40, completionTokens: 21 }, 1400);
    m.observe({ kind: 'done' }, 1400);
    const r = m.finish(1401, 'completed');
    expect(r.ttftMs).toBe(200);
    expect(r.tokensPerSecond).toBeCloseTo(100, 5); // 20 tokens after the first over 200 ms
    expect(r.promptTokensPerSecond).toBeCloseTo(200, 5);
    expect(r.estimated).toBe(false);
    expect(r.completionTokens).toBe(21);
  });

  it('a generation with no token has no rate and no TTFT', () => {
    const r = new GenerationMeter('m', 0).finish(50, 'cancelled');
    expect(r).toMatchObject({ ttftMs: null, tokensPerSecond: null, completionTokens: 0, outcome: 'cancelled', estimated: true });
  });

  it('current tok/s looks at the last second', () => {
    const m = new GenerationMeter('m', 0);
    for (let i = 0; i < 30; i += 1) m.observe({ kind: 'delta', content: 'x', reasoning: '' }, 100 + i * 50);
    expect(m.live(1600).currentTokensPerSecond).toBeCloseTo(20, 0);
  });
});
