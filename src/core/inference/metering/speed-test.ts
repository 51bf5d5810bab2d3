// The guide's speed test: one prompt against a backend and model, a warm-up run that does not
// count, then N measured runs with their median and spread.
import { runGeneration, type GenerationReply } from './generation-client';
import { ollamaModels } from '../servers/ollama-backend';
import { openAiModels } from '../servers/openai-backend';
import { median, numbers, spread, type Spread } from './stats';
import type { Dialect, GenerationResult } from '../types';

export const GUIDE_PROMPT = 'Explain CUDA in one paragraph';

export interface SpeedTestOptions {
  dialect: Dialect;
  baseUrl: string;
  /** null: the first model the server lists. */
  model: string | null;
  runs: number;
  prompt?: string;
  maxTokens?: number;
  stallMs?: number;
  warmup?: boolean;
  signal?: AbortSignal;
  onRun?: (index: number, result: GenerationResult) => void;
}

export interface SpeedTestReport {
  backend: Dialect;
  baseUrl: string;
  model: string;
  runs: GenerationResult[];
  median: { tokensPerSecond: number | null; ttftMs: number | null; promptTokensPerSecond: number | null };
  spread: { tokensPerSecond: Spread | null; ttftMs: Spread | null };
  estimated: boolean;
  /** Stopped by the user: `runs` holds what was measured until then. */
  cancelled: boolean;
}

export type SpeedTestOutcome = { ok: true; report: SpeedTestReport } | { ok: false; reason: 'unreachable' | 'unknown-model' | 'http' | 'failed'; message: string };

export async function runSpeedTest(options: SpeedTestOptions): Promise<SpeedTestOutcome> {
  const listed = options.dialect === 'ollama' ? await ollamaModels(options.baseUrl) : await openAiModels(options.baseUrl);
  if (!listed.ok && listed.reason === 'unreachable') return { ok: false, reason: 'unreachable', message: listed.message };
  const known = listed.ok ? listed.value : [];
  const model = options.model ?? known[0] ?? null;
  if (model === null) return { ok: false, reason: 'unknown-model', message: 'the server lists no model; pass --model' };
  if (known.length > 0 && !isListed(model, known)) {
    return { ok: false, reason: 'unknown-model', message: `the server does not know the model "${model}" (it has: ${known.slice(0, 5).join(', ')})` };
  }

  const runOnce = (): Promise<GenerationReply> =>
    runGeneration({
      dialect: options.dialect,
      baseUrl: options.baseUrl,
      model,
      prompt: options.prompt ?? GUIDE_PROMPT,
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.stallMs === undefined ? {} : { stallMs: options.stallMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });

  // The first run loads the model and warms caches; it would drag the median down.
  if (options.warmup !== false) {
    const warm = await runOnce();
    if (!warm.ok) return { ok: false, reason: warm.reason, message: warm.message };
  }
  const runs: GenerationResult[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    if (options.signal?.aborted) break;
    const reply = await runOnce();
    if (!reply.ok) return { ok: false, reason: reply.reason, message: reply.message };
    runs.push(reply.result);
    options.onRun?.(i, reply.result);
  }
  const cancelled = options.signal?.aborted === true;
  const completed = runs.filter((r) => r.outcome === 'completed');
  if (completed.length === 0 && !cancelled) return { ok: false, reason: 'failed', message: runs[0]?.error ?? 'no run completed' };
  const tps = numbers(completed.map((r) => r.tokensPerSecond));
  const ttft = numbers(completed.map((r) => r.ttftMs));
  return {
    ok: true,
    report: {
      backend: options.dialect,
      baseUrl: options.baseUrl,
      model,
      runs,
      median: { tokensPerSecond: median(tps), ttftMs: median(ttft), promptTokensPerSecond: median(numbers(completed.map((r) => r.promptTokensPerSecond))) },
      spread: { tokensPerSecond: spread(tps), ttftMs: spread(ttft) },
      estimated: completed.some((r) => r.estimated),
      cancelled,
    },
  };
}

function isListed(model: string, known: readonly string[]): boolean {
  return known.includes(model) || known.includes(`${model}:latest`);
}
