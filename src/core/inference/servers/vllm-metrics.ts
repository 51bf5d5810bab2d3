// vLLM's `/metrics` (Prometheus text, `vllm:` prefix, label `model_name`; docs/design/metrics.md).
// Its counters and histograms never reset, so, as with llama.cpp, rates come from the change
// between two reads. The request histograms pair tokens with the time spent on them: decode time
// covers the tokens after the first, prefill time the prompt, so the rates mean what the meter's do.
import { parsePrometheusSamples, type LlamaCppCounters } from './llamacpp-metrics';

const NAMES = {
  promptTokens: 'vllm:request_prompt_tokens_sum',
  prefillSeconds: 'vllm:request_prefill_time_seconds_sum',
  generationTokens: 'vllm:request_generation_tokens_sum',
  decodeSeconds: 'vllm:request_decode_time_seconds_sum',
  decodeRequests: 'vllm:request_decode_time_seconds_count',
  ttftSeconds: 'vllm:time_to_first_token_seconds_sum',
  ttftCount: 'vllm:time_to_first_token_seconds_count',
  running: 'vllm:num_requests_running',
  // Present in every vLLM version: proof that this is vLLM's exposition even before a request finished.
  generationTotal: 'vllm:generation_tokens_total',
} as const;

/**
 * The counters in the shape llama.cpp's have (busy tokens and seconds), plus TTFT sums; null when
 * the text is not vLLM's or lacks the request histograms (vLLM before they existed). Never throws.
 */
export function parseVllmMetrics(text: string): LlamaCppCounters | null {
  const s = parsePrometheusSamples(text);
  const get = (name: string) => s.get(name);
  const generationTokens = get(NAMES.generationTokens);
  const decodeSeconds = get(NAMES.decodeSeconds);
  const decodeRequests = get(NAMES.decodeRequests);
  const promptTokens = get(NAMES.promptTokens);
  const prefillSeconds = get(NAMES.prefillSeconds);
  if (get(NAMES.generationTotal) === undefined || generationTokens === undefined || decodeSeconds === undefined || decodeRequests === undefined) return null;
  const ttftSeconds = get(NAMES.ttftSeconds);
  const ttftCount = get(NAMES.ttftCount);
  return {
    promptTokens: promptTokens ?? 0,
    promptSeconds: prefillSeconds ?? 0,
    // Each finished request's first token is in its TTFT, not in its decode time.
    predictedTokens: Math.max(0, generationTokens - decodeRequests),
    predictedSeconds: decodeSeconds,
    requestsProcessing: get(NAMES.running) ?? null,
    ...(ttftSeconds !== undefined && ttftCount !== undefined ? { ttftSeconds, ttftCount } : {}),
  };
}

/** Mean time to first token of the requests between two reads, in ms; null when none came. */
export function meanTtftMs(before: LlamaCppCounters, after: LlamaCppCounters): number | null {
  if (before.ttftSeconds === undefined || after.ttftSeconds === undefined || before.ttftCount === undefined || after.ttftCount === undefined) return null;
  const count = after.ttftCount - before.ttftCount;
  const seconds = after.ttftSeconds - before.ttftSeconds;
  return count > 0 && seconds >= 0 ? (seconds / count) * 1000 : null;
}
