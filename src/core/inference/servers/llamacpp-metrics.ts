// llama.cpp's `/metrics` (Prometheus text). Its gauges reset on every scrape, so rates come from
// deltas of the *_total counters between two scrapes; a counter that went down means a restart.

export interface LlamaCppCounters {
  promptTokens: number;
  promptSeconds: number;
  predictedTokens: number;
  predictedSeconds: number;
  requestsProcessing: number | null;
  /** vLLM only: its time-to-first-token histogram's sum and count (vllm-metrics.ts). */
  ttftSeconds?: number;
  ttftCount?: number;
}

export interface LlamaCppRates {
  promptTokensPerSecond: number | null;
  tokensPerSecond: number | null;
  /** Tokens generated between the two scrapes. */
  predictedTokens: number;
}

const NAMES = {
  promptTokens: 'llamacpp:prompt_tokens_total',
  promptSeconds: 'llamacpp:prompt_seconds_total',
  predictedTokens: 'llamacpp:tokens_predicted_total',
  predictedSeconds: 'llamacpp:tokens_predicted_seconds_total',
  requestsProcessing: 'llamacpp:requests_processing',
} as const;

/** Reads the sample values by metric name (labels are ignored; values summed). Never throws. */
export function parsePrometheusSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    samples.set(match[1]!, (samples.get(match[1]!) ?? 0) + value);
  }
  return samples;
}

export function parseLlamaCppMetrics(text: string): LlamaCppCounters | null {
  const s = parsePrometheusSamples(text);
  const promptTokens = s.get(NAMES.promptTokens);
  const promptSeconds = s.get(NAMES.promptSeconds);
  const predictedTokens = s.get(NAMES.predictedTokens);
  const predictedSeconds = s.get(NAMES.predictedSeconds);
  if (promptTokens === undefined || promptSeconds === undefined || predictedTokens === undefined || predictedSeconds === undefined) return null;
  return { promptTokens, promptSeconds, predictedTokens, predictedSeconds, requestsProcessing: s.get(NAMES.requestsProcessing) ?? null };
}

/** Rates over the interval between two scrapes; null rates when nothing happened or the server restarted. */
export function llamaCppRates(before: LlamaCppCounters, after: LlamaCppCounters): LlamaCppRates {
  const restarted = after.predictedTokens < before.predictedTokens || after.promptTokens < before.promptTokens;
  if (restarted) return { promptTokensPerSecond: null, tokensPerSecond: null, predictedTokens: 0 };
  const dTokens = after.predictedTokens - before.predictedTokens;
  const dSeconds = after.predictedSeconds - before.predictedSeconds;
  const dPrompt = after.promptTokens - before.promptTokens;
  const dPromptSeconds = after.promptSeconds - before.promptSeconds;
  return {
    tokensPerSecond: dTokens > 0 && dSeconds > 0 ? dTokens / dSeconds : null,
    promptTokensPerSecond: dPrompt > 0 && dPromptSeconds > 0 ? dPrompt / dPromptSeconds : null,
    predictedTokens: dTokens,
  };
}
