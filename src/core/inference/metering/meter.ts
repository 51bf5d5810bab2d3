// Measures one generation from the events of its stream: TTFT, decode tok/s, prompt tok/s.
// Timestamps come from the caller (ms, monotonic) so the proxy, the speed test and tests share it.
import { performance } from 'node:perf_hooks';
import type { GenerationOutcome, GenerationResult, StreamEvent } from '../types';

/** How far back "current tok/s" looks while a generation runs. */
const CURRENT_WINDOW_MS = 1000;

export interface LiveReading {
  tokens: number;
  ttftMs: number | null;
  currentTokensPerSecond: number | null;
}

export class GenerationMeter {
  private firstTokenAt: number | null = null;
  private lastTokenAt: number | null = null;
  private deltas = 0;
  private usage: { prompt: number; completion: number } | null = null;
  private ollamaFinal: Extract<StreamEvent, { kind: 'ollama-final' }> | null = null;
  private errorMessage: string | null = null;
  private malformed = 0;
  private finished: GenerationResult | null = null;
  private readonly recent: number[] = [];

  constructor(
    private readonly model: string,
    private readonly startedAt: number,
  ) {}

  private doneSeen = false;

  /** The stream said it was complete ([DONE] or Ollama's done:true). */
  get sawDone(): boolean {
    return this.doneSeen;
  }

  observe(event: StreamEvent, at: number): void {
    switch (event.kind) {
      case 'delta':
        // Reasoning tokens are generated tokens too: the first of either kind ends TTFT.
        this.firstTokenAt ??= at;
        this.lastTokenAt = at;
        this.deltas += 1;
        this.recent.push(at);
        while (this.recent.length > 0 && this.recent[0]! < at - CURRENT_WINDOW_MS) this.recent.shift();
        break;
      case 'usage':
        this.usage = { prompt: event.promptTokens, completion: event.completionTokens };
        break;
      case 'ollama-final':
        this.ollamaFinal = event;
        break;
      case 'error':
        this.errorMessage ??= event.message;
        break;
      case 'malformed':
        this.malformed += 1;
        break;
      case 'done':
        this.doneSeen = true;
        break;
      case 'finish':
        break;
    }
  }

  live(now: number): LiveReading {
    const windowStart = Math.max(now - CURRENT_WINDOW_MS, this.firstTokenAt ?? now);
    const inWindow = this.recent.filter((t) => t >= now - CURRENT_WINDOW_MS).length;
    const span = now - windowStart;
    return {
      tokens: this.deltas,
      ttftMs: this.firstTokenAt === null ? null : this.firstTokenAt - this.startedAt,
      currentTokensPerSecond: this.firstTokenAt === null || span <= 0 ? null : (inWindow / span) * 1000,
    };
  }

  /** Ends the measurement; later calls return the same result. */
  finish(at: number, outcome: GenerationOutcome, error: string | null = null): GenerationResult {
    if (this.finished) return this.finished;
    const finalOutcome: GenerationOutcome = outcome === 'completed' && this.errorMessage !== null ? 'error' : outcome;
    const reported = this.ollamaFinal;
    const reportedCount = reported?.completionTokens ?? null;
    const counted = this.usage?.completion ?? reportedCount;
    const completionTokens = counted ?? this.deltas;
    const promptTokens = this.usage?.prompt ?? reported?.promptTokens ?? null;
    const ttftMs = this.firstTokenAt === null ? null : this.firstTokenAt - this.startedAt;
    const decodeMs = this.firstTokenAt !== null && this.lastTokenAt !== null ? this.lastTokenAt - this.firstTokenAt : 0;
    // The first token closes TTFT, so the decode span covers the n-1 tokens after it.
    const tokensPerSecond = decodeMs > 0 && completionTokens > 1 ? ((completionTokens - 1) / decodeMs) * 1000 : null;
    const reportedTokensPerSecond =
      reportedCount !== null && reported?.evalMs ? (reportedCount / reported.evalMs) * 1000 : null;
    let promptTokensPerSecond: number | null = null;
    if (reported?.promptTokens != null && reported.promptEvalMs) promptTokensPerSecond = (reported.promptTokens / reported.promptEvalMs) * 1000;
    else if (promptTokens !== null && ttftMs !== null && ttftMs > 0) promptTokensPerSecond = (promptTokens / ttftMs) * 1000;
    // A server's own counts can be absurd (usage 1e308 makes the rate Infinity): such a figure is
    // unknown, and the measurement is still kept with the figures that are real.
    this.finished = {
      model: this.model,
      startedAtMs: performance.timeOrigin + this.startedAt,
      outcome: finalOutcome,
      // The server's own message says more than "the stream ended early".
      error: this.errorMessage ?? error,
      ttftMs: finiteOrNull(ttftMs),
      tokensPerSecond: finiteOrNull(tokensPerSecond),
      promptTokensPerSecond: finiteOrNull(promptTokensPerSecond),
      promptTokens: finiteOrNull(promptTokens),
      completionTokens: Number.isFinite(completionTokens) ? completionTokens : this.deltas,
      estimated: counted === null || !Number.isFinite(counted),
      reportedTokensPerSecond: finiteOrNull(reportedTokensPerSecond),
      totalMs: at - this.startedAt,
      malformedLines: this.malformed,
    };
    return this.finished;
  }
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
