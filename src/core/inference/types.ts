// Shapes shared by the backends, the meter, the proxy and the speed test.

export type Dialect = 'openai' | 'ollama';

/** One thing read from a streamed reply, already decoded from its dialect. */
export type StreamEvent =
  | { kind: 'delta'; content: string; reasoning: string }
  | { kind: 'usage'; promptTokens: number; completionTokens: number }
  /** Ollama's final chunk: counts plus durations the server measured (ns converted to ms). */
  | {
      kind: 'ollama-final';
      promptTokens: number | null;
      completionTokens: number | null;
      promptEvalMs: number | null;
      evalMs: number | null;
      doneReason: string | null;
    }
  | { kind: 'finish'; reason: string }
  | { kind: 'error'; message: string }
  | { kind: 'malformed'; snippet: string }
  | { kind: 'done' };

export type GenerationOutcome = 'completed' | 'cancelled' | 'error' | 'stalled';

/** What one generation measured. Times in ms, rates in tokens per second. */
export interface GenerationResult {
  model: string;
  /** Wall-clock time the request was sent (epoch ms, sub-ms precision). */
  startedAtMs: number;
  outcome: GenerationOutcome;
  error: string | null;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  promptTokensPerSecond: number | null;
  promptTokens: number | null;
  completionTokens: number;
  /** true when tokens were counted from deltas because the server sent no usage. */
  estimated: boolean;
  /** The server's own figure (Ollama eval_count/eval_duration), when it gave one. */
  reportedTokensPerSecond: number | null;
  totalMs: number;
  malformedLines: number;
}

/** The figures every record of a generation carries: a stored measurement and `speedtest --json` alike. */
export function generationFigures(r: GenerationResult) {
  return {
    outcome: r.outcome,
    tokensPerSecond: r.tokensPerSecond,
    ttftMs: r.ttftMs,
    promptTokensPerSecond: r.promptTokensPerSecond,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    estimated: r.estimated,
  };
}
