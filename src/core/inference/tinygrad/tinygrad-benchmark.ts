// The speed test on the eGPU itself: tinygrad's `--benchmark` run, with python3 found first and
// every way it can fail turned into one clear line. Shared by the app's command and the CLI.
import { findExecutable } from '../../platform/which';
import { bandwidthShare, gpuSpecFor } from '../history/expectations';
import { lastErrorLine, saysTinygradMissing, type BenchmarkSummary, type TinygradBenchmarkLine } from './tinygrad-output';
import { pythonMissingMessage, tinygradMissingMessage } from './tinygrad-readiness';
import { isTinygradModel, runTinygradBenchmark, type TinygradDevice } from './tinygrad-server';

/** First use downloads the model (gigabytes) before the first token: allow for it. */
export const BENCHMARK_TIMEOUT_MS = 30 * 60_000;

export interface EgpuBenchmarkOptions {
  /** `inference.tinygrad.python` from the settings, or the CLI's: a name looked up on PATH, or a path. */
  python: string;
  /** A tinygrad model name or an absolute path to a .gguf file. */
  model: string;
  device: TinygradDevice;
  tokens: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  onLine?: (line: string, parsed: TinygradBenchmarkLine | null) => void;
}

export type EgpuBenchmarkFailure = 'python-missing' | 'tinygrad-missing' | 'unknown-model' | 'timed-out' | 'cancelled' | 'failed';

export type EgpuBenchmarkOutcome =
  | { ok: true; summary: BenchmarkSummary; python: string }
  | { ok: false; reason: EgpuBenchmarkFailure; message: string };

export async function benchmarkOnEgpu(options: EgpuBenchmarkOptions): Promise<EgpuBenchmarkOutcome> {
  if (!isTinygradModel(options.model)) return { ok: false, reason: 'unknown-model', message: `tinygrad does not know the model "${options.model}"` };
  const env = options.env ?? process.env;
  const python = await findExecutable(options.python, env.PATH ?? '');
  if (python === null) {
    return { ok: false, reason: 'python-missing', message: pythonMissingMessage(options.python) };
  }
  const timeoutMs = options.timeoutMs ?? BENCHMARK_TIMEOUT_MS;
  let run;
  try {
    run = await runTinygradBenchmark({
      python,
      model: options.model,
      device: options.device,
      tokens: options.tokens,
      timeoutMs,
      env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
    });
  } catch (error) {
    return { ok: false, reason: 'failed', message: `${python} could not be started (${error instanceof Error ? error.message : String(error)})` };
  }
  if (run.stopped === 'cancelled') return { ok: false, reason: 'cancelled', message: 'the benchmark was stopped' };
  if (run.timedOut) return { ok: false, reason: 'timed-out', message: `tinygrad's benchmark did not finish within ${Math.round(timeoutMs / 1000)} s` };
  if (run.stopped === 'output-cap') return { ok: false, reason: 'failed', message: "tinygrad printed more output than the benchmark allows; it was stopped" };
  if (run.lines.length === 0 || run.summary.medianTokensPerSecond === null) {
    const said = lastErrorLine(run.logTail);
    if (saysTinygradMissing(said)) return { ok: false, reason: 'tinygrad-missing', message: tinygradMissingMessage(python) };
    const exit = run.exitCode === null ? 'was killed' : `exited with code ${run.exitCode}`;
    return { ok: false, reason: 'failed', message: `tinygrad's benchmark ${exit} before printing a result${said ? `: ${said}` : ''}` };
  }
  return { ok: true, summary: run.summary, python };
}

/** "achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s" for the card the monitor sees; null when unknown. */
export function benchmarkBandwidth(gpuName: string | null, gbPerSecond: number | null): { percent: number; text: string } | null {
  if (gpuName === null || gbPerSecond === null) return null;
  const spec = gpuSpecFor(gpuName);
  return spec ? bandwidthShare(gbPerSecond, spec) : null;
}
