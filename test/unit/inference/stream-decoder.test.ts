import { describe, expect, it } from 'vitest';
import { StreamDecoder } from '../../../src/core/inference/metering/stream-decoder';
import { gpuShare } from '../../../src/core/inference/servers/ollama-backend';
import { llamaCppRates, parseLlamaCppMetrics } from '../../../src/core/inference/servers/llamacpp-metrics';

const enc = (s: string) => new TextEncoder().encode(s);

describe('stream decoder', () => {
  it('reads SSE split at any byte, including inside a multi-byte character', () => {
    const text = 'data: {"choices":[{"delta":{"content":"é"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":7}}\n\ndata: [DONE]\n\n';
    const bytes = enc(text);
    for (const cut of [1, 10, 32, 33, bytes.length - 3]) {
      const d = new StreamDecoder('openai');
      const events = [...d.push(bytes.slice(0, cut)), ...d.push(bytes.slice(cut)), ...d.end()];
      expect(events).toEqual([
        { kind: 'delta', content: 'é', reasoning: '' },
        { kind: 'usage', promptTokens: 3, completionTokens: 7 },
        { kind: 'done' },
      ]);
    }
  });

  it('ignores the empty role chunk, SSE comments and keep-alives; flags garbage', () => {
    const d = new StreamDecoder('openai');
    const events = d.push(enc(': ping\n\nevent: x\ndata: {"choices":[{"delta":{"role":"assistant","content":""}}]}\n\ndata: <html>\n\nhello\n'));
    expect(events.map((e) => e.kind)).toEqual(['malformed', 'malformed']);
  });

  it('reads Ollama NDJSON with its final counts in ns, last line without newline', () => {
    const d = new StreamDecoder('ollama');
    const events = [
      ...d.push(enc('{"response":"Hi","done":false}\n{"message":{"thinking":"hmm"},"done":false}\n')),
      ...d.push(enc('{"response":"","done":true,"done_reason":"stop","prompt_eval_count":26,"prompt_eval_duration":130079000,"eval_count":259,"eval_duration":4232710000}')),
      ...d.end(),
    ];
    expect(events).toEqual([
      { kind: 'delta', content: 'Hi', reasoning: '' },
      { kind: 'delta', content: '', reasoning: 'hmm' },
      { kind: 'ollama-final', promptTokens: 26, completionTokens: 259, promptEvalMs: 130.079, evalMs: 4232.71, doneReason: 'stop' },
      { kind: 'done' },
    ]);
  });
});

describe('Ollama GPU share (the offload warning)', () => {
  it('follows ollama ps: all GPU, split, all CPU, unknown', () => {
    expect(gpuShare(5137025024, 5137025024)).toEqual({ gpuPercent: 100, offloaded: false });
    expect(gpuShare(100, 52)).toEqual({ gpuPercent: 52, offloaded: true });
    expect(gpuShare(100, 0)).toEqual({ gpuPercent: 0, offloaded: true });
    expect(gpuShare(0, 0)).toEqual({ gpuPercent: null, offloaded: false });
    expect(gpuShare(100, 120)).toEqual({ gpuPercent: null, offloaded: false });
  });
});

describe('llama.cpp /metrics', () => {
  const scrape = (tokens: number, seconds: number, prompt = 100, promptSec = 0.5) =>
    `# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.\n# TYPE llamacpp:prompt_tokens_total counter\nllamacpp:prompt_tokens_total ${prompt}\nllamacpp:prompt_seconds_total ${promptSec}\nllamacpp:tokens_predicted_total ${tokens}\nllamacpp:tokens_predicted_seconds_total ${seconds}\nllamacpp:predicted_tokens_seconds 0\nllamacpp:requests_processing 1\n`;

  it('computes rates from counter deltas, not from the gauges that reset on scrape', () => {
    const a = parseLlamaCppMetrics(scrape(1000, 20))!;
    const b = parseLlamaCppMetrics(scrape(1500, 30, 300, 1.0))!;
    expect(llamaCppRates(a, b)).toEqual({ tokensPerSecond: 50, promptTokensPerSecond: 400, predictedTokens: 500 });
  });

  it('a counter going down (restart) gives no rate; idle gives no rate; 501 text is not metrics', () => {
    const a = parseLlamaCppMetrics(scrape(1000, 20))!;
    expect(llamaCppRates(a, parseLlamaCppMetrics(scrape(10, 1))!).tokensPerSecond).toBeNull();
    expect(llamaCppRates(a, a).tokensPerSecond).toBeNull();
    expect(parseLlamaCppMetrics('This server does not support metrics endpoint.')).toBeNull();
  });
});
