// Distributions for fleet dashboards: a time-to-first-token histogram and a tok/s summary per
// model and server, from the saved measurements. prom-client writes them: a histogram's cumulative
// buckets, `+Inf`, `_sum` and `_count`, and a summary's quantiles (t-digest) are what it exists for,
// and hand-writing them would be a second, untested copy. A fresh registry per scrape keeps this
// pure: the history is the state, so a restart loses nothing the history kept.
import { Histogram, Registry, Summary } from 'prom-client';
import type { Measurement } from '../api/inference';

/** Local LLMs: a warm 8B answers in ~50–300 ms, a long prompt or a cold load takes seconds. */
export const TTFT_BUCKETS_SECONDS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10];
export const TOKENS_PER_SECOND_QUANTILES = [0.1, 0.5, 0.9];
/** At most this many (model, server) series, the most recently used: a Mac that tried 500 models must not flood Prometheus. */
export const MAX_DISTRIBUTION_SERIES = 20;

export const TTFT_HISTOGRAM = 'egpu_inference_ttft_seconds';
export const TOKENS_PER_SECOND_SUMMARY = 'egpu_inference_tokens_per_second';

const LABELS = ['model', 'server'] as const;

/** The exposition text of both families; they still say HELP and TYPE with no measurement yet. */
export async function renderDistributions(history: readonly Measurement[]): Promise<string> {
  const registry = new Registry();
  const ttft = new Histogram({
    name: TTFT_HISTOGRAM,
    help: 'Time to first token of completed generations, per model and server.',
    labelNames: LABELS,
    buckets: TTFT_BUCKETS_SECONDS,
    registers: [registry],
  });
  const rate = new Summary({
    name: TOKENS_PER_SECOND_SUMMARY,
    help: 'Generation speed of completed generations, per model and server.',
    labelNames: LABELS,
    percentiles: TOKENS_PER_SECOND_QUANTILES,
    registers: [registry],
  });
  const completed = history.filter((m) => m.outcome === 'completed');
  const kept = recentSeries(completed);
  for (const m of completed) {
    const labels = labelsOf(m);
    if (!kept.has(seriesKey(labels))) continue;
    if (m.ttftMs !== null) ttft.observe(labels, m.ttftMs / 1000);
    if (m.tokensPerSecond !== null) rate.observe(labels, m.tokensPerSecond);
  }
  return registry.metrics();
}

function labelsOf(m: Measurement): Record<(typeof LABELS)[number], string> {
  return { model: m.model, server: m.server ?? m.backend };
}

function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify([labels.model, labels.server]);
}

/** The keys of the most recently measured series, up to the cap. */
function recentSeries(completed: readonly Measurement[]): Set<string> {
  const lastAt = new Map<string, number>();
  for (const m of completed) {
    const key = seriesKey(labelsOf(m));
    lastAt.set(key, Math.max(lastAt.get(key) ?? -Infinity, m.at));
  }
  return new Set([...lastAt.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_DISTRIBUTION_SERIES).map(([key]) => key));
}
