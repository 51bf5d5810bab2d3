// The server edges' figures (issue 19): a WebSocket client that never reads, a speed test against a
// server that ignores max_tokens, and the Prometheus series 300 distinct model names make.
import { performance } from 'node:perf_hooks';
import { startWebServer } from '../src/cli/web-server';
import type { Measurement } from '../src/core/api/inference';
import { runSpeedTest } from '../src/core/inference/metering/speed-test';
import { buildFleetMetrics } from '../src/core/metrics/fleet-metrics';
import { formatExposition } from '../src/core/metrics/prometheus-text';
import type { LoggerPort } from '../src/core/platform/logger';
import { startStreamServer } from '../test/servers/stream-server';
import { nonReadingClient, sendGetStates } from '../test/support/ws-raw-client';
import { startDemoCore } from './demo-core';
import type { BenchResult } from './probe-cost';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The real demo core behind the real web server; a raw client sends 100,000 getState and never reads. */
async function nonReadingClientCost(): Promise<BenchResult[]> {
  const { core, rendererDir, dispose } = await startDemoCore('egpu-bench-edges-');
  let closedAt: number | null = null;
  const log: LoggerPort = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (m) => void (m.includes('stopped reading') && (closedAt ??= performance.now())) };
  const server = await startWebServer({ api: core, rendererDir, log });
  const replyBytes = JSON.stringify({ t: 'result', id: 99_999, result: { ok: true, value: await core.getState({}) } }).length;
  const socket = await nonReadingClient(server);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peak = before.rss;
  const started = performance.now();
  try {
    await sendGetStates(socket, 100_000, () => (peak = Math.max(peak, process.memoryUsage().rss)));
    for (let i = 0; i < 100 && closedAt === null; i += 1) await sleep(100);
    peak = Math.max(peak, process.memoryUsage().rss);
  } finally {
    socket.destroy();
    await server.close();
    await dispose();
  }
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return [
    { name: `web mode, a client sends 100,000 getState and never reads (${mb(100_000 * replyBytes)} of replies): sent → closed with 1008`, value: closedAt === null ? 'not closed' : `${(closedAt - started).toFixed(0)} ms`, target: 'closed' },
    { name: 'web mode, the same client: peak RSS growth of the server process', value: mb(peak - before.rss), target: '(118.5 MB without the cap, same machine)' },
  ];
}

/** A server that ignores max_tokens and would stream 100,000 tokens per run. */
async function endlessStreamSpeedTest(): Promise<BenchResult[]> {
  const server = await startStreamServer({ tokensPerSecond: 500, ttftMs: 10, tokens: 100_000 });
  try {
    const started = performance.now();
    const outcome = await runSpeedTest({ dialect: 'openai', baseUrl: server.openAiUrl, model: 'qwen3:8b', runs: 3, maxTokens: 256 });
    const took = performance.now() - started;
    const tokens = outcome.ok ? outcome.report.runs.map((r) => r.completionTokens).join(', ') : outcome.message;
    return [{ name: `speed test, 3 runs + warm-up, max_tokens 256, against a server that ignores it at 500 tok/s (tokens per run: ${tokens})`, value: `${(took / 1000).toFixed(1)} s`, target: 'ends (was ≈ 40 min of timeouts)' }];
  } finally {
    await server.close();
  }
}

function metricsCardinality(): BenchResult[] {
  const history: Measurement[] = Array.from({ length: 300 }, (_, i) => ({
    at: 1_700_000_000_000 + i, source: 'proxy', backend: 'http://127.0.0.1:11434', model: `junk-${i}`, onEgpu: false, gpu: null, link: null,
    outcome: 'completed', tokensPerSecond: 40, ttftMs: 200, promptTokensPerSecond: null, promptTokens: null, completionTokens: 100, estimated: false, gbPerSecond: null, mbUsed: null,
  }));
  const empty = { devices: [], hazards: [], driver: { state: 'ready' } } as unknown as Parameters<typeof buildFleetMetrics>[0];
  const series = formatExposition(buildFleetMetrics(empty, history)).split('\n').filter((l) => l.startsWith('egpu_inference_')).length;
  return [{ name: '/metrics egpu_inference_* series after 300 distinct model names through the proxy', value: String(series), target: '≤ 5 × 21 (was 1,500)' }];
}

export async function edgesBench(results: BenchResult[]): Promise<void> {
  results.push(...metricsCardinality());
  results.push(...(await endlessStreamSpeedTest()));
  results.push(...(await nonReadingClientCost()));
}
