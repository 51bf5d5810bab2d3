// `egpu-companion speedtest`: the guide's prompt against a server, warm-up excluded, N runs; or
// tinygrad's own --benchmark on the eGPU (speedtest-tinygrad.ts).
// Exit 0 with results, 2 with one line when the server is unreachable or the model unknown.
import { INFERENCE_GROUP_WORDS } from '../core/api/present';
import { runSpeedTest, type SpeedTestReport } from '../core/inference/metering/speed-test';
import { generationFigures, type GenerationResult } from '../core/inference/types';
import { UsageError, type ParsedCli } from './args';
import { runTinygradSpeedtest } from './speedtest-tinygrad';
import { DEFAULT_SPEEDTEST_URLS, resolveSpeedtestTarget } from './speedtest-target';
const MAX_RUNS = 100;

export interface SpeedtestIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Calls `stop` when the user presses Ctrl-C; returns a function that stops listening. */
  onInterrupt?: (stop: () => void) => () => void;
}

/** Exit code of a command ended by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT = 130;

const processIo: SpeedtestIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  onInterrupt: (stop) => {
    process.once('SIGINT', stop);
    return () => process.off('SIGINT', stop);
  },
};

export async function runSpeedtestCli(cli: ParsedCli, io: SpeedtestIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const backend = str(cli.values.backend) ?? null;
  if (backend === 'tinygrad-benchmark') return runTinygradSpeedtest(cli, io, env);
  if (backend !== null && backend !== 'ollama' && backend !== 'openai') throw new UsageError(`--backend must be ollama, openai or tinygrad-benchmark, not "${backend}"`);
  const runs = Number(str(cli.values.runs) ?? '3');
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) throw new UsageError(`--runs must be a whole number from 1 to ${MAX_RUNS}`);
  const maxTokensText = str(cli.values['max-tokens']);
  const maxTokens = maxTokensText === undefined ? 256 : Number(maxTokensText);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new UsageError('--max-tokens must be a positive whole number');
  const url = str(cli.values.url) ?? DEFAULT_SPEEDTEST_URLS[backend ?? 'ollama'];
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new UsageError(`--url must be an http(s) URL, not "${url}"`);

  const target = await resolveSpeedtestTarget(new URL(url), backend);
  if (!target.ok) {
    io.err(`egpu-companion: speedtest: ${target.message}\n`);
    return 2;
  }
  // Ctrl-C ends the run in progress and prints what was measured so far, instead of killing the process.
  const stop = new AbortController();
  const stopListening = io.onInterrupt?.(() => stop.abort()) ?? (() => undefined);
  const outcome = await runSpeedTest({ dialect: target.dialect, baseUrl: target.baseUrl, model: str(cli.values.model) ?? null, runs, maxTokens, signal: stop.signal }).finally(stopListening);
  if (!outcome.ok) {
    io.err(`egpu-companion: speedtest: ${outcome.message}\n`);
    return outcome.reason === 'unreachable' || outcome.reason === 'unknown-model' ? 2 : 1;
  }
  const server: ServerLabel = { name: target.serverName, kind: target.kind, onEgpu: target.onEgpu };
  io.out(cli.values.json === true ? `${JSON.stringify(toJson(outcome.report, server), null, 2)}\n` : toText(outcome.report, server));
  if (outcome.report.cancelled) io.err('egpu-companion: speedtest: stopped (Ctrl-C); the figures above are what was measured until then\n');
  return outcome.report.cancelled ? INTERRUPTED_EXIT : 0;
}

function runJson(r: GenerationResult) {
  return {
    ...generationFigures(r),
    reportedTokensPerSecond: r.reportedTokensPerSecond,
    totalMs: r.totalMs,
  };
}

/** What answered, and so which GPU the runs used. */
export interface ServerLabel {
  name: string;
  kind: string | null;
  onEgpu: boolean;
}

const gpuWords = (server: ServerLabel) => INFERENCE_GROUP_WORDS[server.onEgpu ? 'egpu' : 'apple-gpu'];

export function toJson(report: SpeedTestReport, server: ServerLabel) {
  return {
    backend: report.backend,
    server: server.kind,
    onEgpu: server.onEgpu,
    gpu: gpuWords(server),
    url: report.baseUrl,
    model: report.model,
    estimated: report.estimated,
    cancelled: report.cancelled,
    median: report.median,
    spread: report.spread,
    runs: report.runs.map(runJson),
  };
}

function toText(report: SpeedTestReport, server: ServerLabel): string {
  const f = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
  const lines = [
    `${report.model} via ${server.name} at ${report.baseUrl} · ${gpuWords(server)}${report.cancelled ? ' (stopped)' : ''}`,
    ...report.runs.map((r, i) => `  run ${i + 1}: ${f(r.tokensPerSecond)} tok/s, TTFT ${f(r.ttftMs, 0)} ms, ${r.completionTokens} tokens${r.estimated ? ' (estimated)' : ''}${r.outcome === 'completed' ? '' : ` [${r.outcome}]`}`),
    `  median: ${f(report.median.tokensPerSecond)} tok/s (${f(report.spread.tokensPerSecond?.min ?? null)}–${f(report.spread.tokensPerSecond?.max ?? null)}), TTFT ${f(report.median.ttftMs, 0)} ms, prompt ${f(report.median.promptTokensPerSecond, 0)} tok/s`,
  ];
  return `${lines.join('\n')}\n`;
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
