// vLLM's /metrics read like llama.cpp's: tok/s while decoding and prefilling, mean TTFT, from two reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { llamaCppRates } from '../../../src/core/inference/servers/llamacpp-metrics';
import { meanTtftMs, parseVllmMetrics } from '../../../src/core/inference/servers/vllm-metrics';

const fixture = (name: string) => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/inference/vllm', name), 'utf8');

describe("vLLM's /metrics", () => {
  it('reads the request histograms of a real exposition: tokens after the first, decode and prefill time, TTFT', () => {
    expect(parseVllmMetrics(fixture('metrics-before.txt'))).toEqual({
      promptTokens: 90, promptSeconds: 0.3, predictedTokens: 512, predictedSeconds: 12.8, requestsProcessing: 0, ttftSeconds: 0.36, ttftCount: 2,
    });
  });

  it('three requests between two reads: 40 tok/s generating, 300 tok/s on the prompt, 180 ms to the first token', () => {
    const before = parseVllmMetrics(fixture('metrics-before.txt'))!;
    const after = parseVllmMetrics(fixture('metrics-after.txt'))!;
    const rates = llamaCppRates(before, after);
    expect(rates.tokensPerSecond).toBeCloseTo(40, 6);
    expect(rates.promptTokensPerSecond).toBeCloseTo(300, 6);
    expect(meanTtftMs(before, after)).toBeCloseTo(180, 6);
    expect(meanTtftMs(after, after)).toBeNull();
  });

  it("is not fooled by llama.cpp's exposition, an old vLLM without request histograms, or garbage", () => {
    expect(parseVllmMetrics('llamacpp:tokens_predicted_total 10\nllamacpp:prompt_tokens_total 5\n')).toBeNull();
    expect(parseVllmMetrics('vllm:generation_tokens_total{model_name="m"} 10.0\n')).toBeNull();
    expect(parseVllmMetrics('\u0000\u00ff not { metrics')).toBeNull();
  });
});
