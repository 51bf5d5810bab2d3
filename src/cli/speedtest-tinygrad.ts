// `egpu-companion speedtest --backend tinygrad-benchmark`: tinygrad's own `--benchmark` on the eGPU,
// N runs, per-run and median tok/s, GB/s and MB moved per token. Exit 2 with one line when python3 or tinygrad
// is missing or a run fails. Nothing is saved: like status and watch, it only reads the data folder.
import path from 'node:path';
import { tinygradDeviceForVendor } from '../core/api/inference';
import { INFERENCE_GROUP_WORDS } from '../core/api/present';
import type { AppState } from '../core/api/schemas';
import { egpuOf } from '../core/api/egpu';
import { egpuLabelsOf } from '../core/inference/egpu-of';
import { speedHazard } from '../core/inference/history/expectations';
import { median, numbers, spread } from '../core/inference/metering/stats';
import { benchmarkBandwidth, benchmarkOnEgpu } from '../core/inference/tinygrad/tinygrad-benchmark';
import type { BenchmarkSummary } from '../core/inference/tinygrad/tinygrad-output';
import { isTinygradModel, type TinygradDevice } from '../core/inference/tinygrad/tinygrad-server';
import { defaultDataDir } from '../core/paths';
import { commandLineEnvironment } from '../core/platform/login-shell-env';
import { SettingsStore } from '../core/store/settings-store';
import { UsageError, type ParsedCli } from './args';
import { probeStatus } from './status';

export const BENCHMARK_MAX_RUNS = 20;
export const BENCHMARK_MAX_TOKENS = 200;
const DEFAULT_TOKENS = 20;
export const EXIT_INTERRUPTED = 130;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface Plan {
  model: string;
  runs: number;
  tokens: number;
  device: TinygradDevice | null;
  python: string | null;
}

function planOf(cli: ParsedCli, cwd: string): Plan {
  const given = str(cli.values.model);
  if (given === undefined) throw new UsageError('--model is required with --backend tinygrad-benchmark (e.g. llama3.1:8b, or the path of a .gguf file)');
  // tinygrad runs from the home folder: a relative .gguf path is made absolute from where the user typed it.
  const model = /\.gguf$/i.test(given) ? path.resolve(cwd, given) : given;
  if (!isTinygradModel(model)) throw new UsageError(`tinygrad does not know the model "${given}"`);
  const runs = Number(str(cli.values.runs) ?? '1');
  if (!Number.isInteger(runs) || runs < 1 || runs > BENCHMARK_MAX_RUNS) throw new UsageError(`--runs must be a whole number from 1 to ${BENCHMARK_MAX_RUNS}`);
  const tokens = Number(str(cli.values['max-tokens']) ?? String(DEFAULT_TOKENS));
  if (!Number.isInteger(tokens) || tokens < 1 || tokens > BENCHMARK_MAX_TOKENS) throw new UsageError(`--max-tokens must be a whole number from 1 to ${BENCHMARK_MAX_TOKENS}`);
  const device = str(cli.values.device);
  if (device !== undefined && device !== 'NV' && device !== 'AMD') throw new UsageError(`--device must be NV or AMD, not "${device}"`);
  return { model, runs, tokens, device: device ?? null, python: str(cli.values.python) ?? null };
}

export async function runTinygradSpeedtest(cli: ParsedCli, io: CliIo, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  const plan = planOf(cli, cwd);
  const { settings } = await SettingsStore.inDataDir(defaultDataDir(env), { readOnly: true }).load();
  // One probe, as `status` makes it: the card for the bandwidth figure and DEV from its vendor.
  const egpu = await probeEgpu(settings, env);
  const device = plan.device ?? tinygradDeviceForVendor(egpu.vendor);
  const python = plan.python ?? settings.inference.tinygrad.python;
  // python3 and docker as the user's shell finds them (a terminal's own PATH when started from one).
  const userEnv = await commandLineEnvironment(env).get();

  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const runs: BenchmarkSummary[] = [];
  try {
    for (let i = 0; i < plan.runs; i += 1) {
      const outcome = await benchmarkOnEgpu({ python, model: plan.model, device, tokens: plan.tokens, env: userEnv, signal: abort.signal });
      if (!outcome.ok) {
        io.err(`egpu-companion: speedtest: ${outcome.message}\n`);
        return outcome.reason === 'cancelled' ? EXIT_INTERRUPTED : 2;
      }
      runs.push(outcome.summary);
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  const report = reportOf(plan, device, egpu, runs);
  io.out(cli.values.json === true ? `${JSON.stringify(report, null, 2)}\n` : textOf(report));
  return 0;
}

interface Egpu {
  gpu: string | null;
  link: string | null;
  vendor: string | null;
}

async function probeEgpu(settings: Parameters<typeof probeStatus>[0]['settings'], env: NodeJS.ProcessEnv): Promise<Egpu> {
  let state: AppState;
  try {
    state = await probeStatus({ settings, env });
  } catch {
    // No eGPU figures is not a reason to refuse the benchmark: tinygrad says what it finds.
    return { gpu: null, link: null, vendor: null };
  }
  return { ...egpuLabelsOf(state), vendor: egpuOf(state)?.vendor ?? null };
}

export type TinygradSpeedtestReport = ReturnType<typeof reportOf>;

function reportOf(plan: Plan, device: TinygradDevice, egpu: Egpu, runs: BenchmarkSummary[]) {
  const tps = numbers(runs.map((r) => r.medianTokensPerSecond));
  const gbs = numbers(runs.map((r) => r.medianGbPerSecond));
  const medianTps = median(tps);
  const medianGbs = median(gbs);
  const hazard = speedHazard({ tokensPerSecond: medianTps, model: plan.model, onEgpu: true });
  return {
    backend: 'tinygrad-benchmark' as const,
    url: null,
    model: plan.model,
    device,
    gpu: egpu.gpu,
    link: egpu.link,
    tokens: plan.tokens,
    estimated: false,
    median: { tokensPerSecond: medianTps, ttftMs: null, promptTokensPerSecond: null, gbPerSecond: medianGbs, mbUsed: median(numbers(runs.map((r) => r.mbUsed))) },
    spread: { tokensPerSecond: spread(tps), ttftMs: null, gbPerSecond: spread(gbs) },
    bandwidth: benchmarkBandwidth(egpu.gpu, medianGbs),
    warning: hazard ? `${hazard.title}. ${hazard.detail}` : null,
    runs: runs.map((r) => ({
      outcome: 'completed' as const,
      tokensPerSecond: r.medianTokensPerSecond,
      ttftMs: null,
      promptTokensPerSecond: null,
      promptTokens: null,
      completionTokens: r.tokens,
      estimated: false,
      gbPerSecond: r.medianGbPerSecond,
      mbUsed: r.mbUsed,
      mbAllocated: r.mbAllocated,
    })),
  };
}

function textOf(report: TinygradSpeedtestReport): string {
  const f = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
  const mb = (v: number | null) => (v === null ? '—' : `${Math.round(v)} MB`);
  const where = [report.gpu, report.link].filter((x) => x !== null).join(' · ');
  const lines = [
    `${report.model} via tinygrad --benchmark (DEV=${report.device}) · ${INFERENCE_GROUP_WORDS.egpu}${where ? ` · ${where}` : ''}`,
    ...report.runs.map((r, i) => `  run ${i + 1}: ${f(r.tokensPerSecond)} tok/s, ${f(r.gbPerSecond)} GB/s, ${mb(r.mbUsed)} moved per token, ${mb(r.mbAllocated)} allocated, ${r.completionTokens} tokens`),
    `  median: ${f(report.median.tokensPerSecond)} tok/s, ${f(report.median.gbPerSecond)} GB/s, ${mb(report.median.mbUsed)} moved per token`,
    ...(report.bandwidth ? [`  ${report.bandwidth.text}`] : []),
    ...(report.warning ? [`  warning: ${report.warning}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
