// The app's `runTinygradBenchmark` command: one run at a time, never beside the managed tinygrad
// server (one tinygrad process holds the eGPU), progress a few times a second, the result saved.
import { ApiError, type CommandOutput, type CommandParsedInput, type EventPayload } from '../../api/contract';
import type { Measurement } from '../../api/inference';
import type { Settings } from '../../api/settings';
import { benchmarkBandwidth, benchmarkOnEgpu, type EgpuBenchmarkOptions } from './tinygrad-benchmark';
import { modelLabel, tinygradModelFor } from './tinygrad-choice';
import { QUITTING } from './tinygrad-server';
import { processEnvironment, type UserEnvironment } from '../../platform/user-env';

const PROGRESS_EVERY_MS = 200;

export interface BenchmarkCommandOptions {
  settings: () => Settings['inference']['tinygrad'];
  /** true while the managed tinygrad server runs. */
  serverRunning: () => boolean;
  record: (m: Omit<Measurement, 'at' | 'gpu' | 'link'>) => Promise<Measurement>;
  progress: (p: EventPayload<'tinygradBenchmarkProgress'>) => void;
  now: () => number;
  /** Tests shorten it; the default allows for a first-use model download. */
  timeoutMs?: number;
  /** Where python3 and docker are found (the login shell's PATH); the process's environment by default. */
  userEnvironment?: UserEnvironment;
}

export interface BenchmarkCommand {
  run(input: CommandParsedInput<'runTinygradBenchmark'>): Promise<CommandOutput<'runTinygradBenchmark'>>;
  cancel(): void;
  isRunning(): boolean;
  /** Stops a running benchmark as quickly as quitting needs, and waits for it. */
  stop(): Promise<void>;
}

export const ONE_TINYGRAD_AT_A_TIME =
  'The tinygrad server is running and holds the eGPU: stop it first, then run the benchmark (one tinygrad process can use the eGPU at a time).';

export function createBenchmarkCommand(o: BenchmarkCommandOptions): BenchmarkCommand {
  const userEnvironment = o.userEnvironment ?? processEnvironment();
  let running: { abort: AbortController; done: Promise<unknown> } | null = null;

  const run: BenchmarkCommand['run'] = async ({ model, device, tokens }) => {
    if (o.serverRunning()) throw new ApiError('unavailable', ONE_TINYGRAD_AT_A_TIME);
    if (running) throw new ApiError('unavailable', 'A tinygrad benchmark is already running.');
    const s = o.settings();
    const chosen = tinygradModelFor(model, s.gguf);
    // Shown and saved by the file's name, as the server's card shows it.
    const label = modelLabel(chosen);
    const abort = new AbortController();
    let done = 0;
    let lastAt = 0;
    const onLine: EgpuBenchmarkOptions['onLine'] = (line, parsed) => {
      if (parsed) done += 1;
      const t = o.now();
      if (t - lastAt < PROGRESS_EVERY_MS) return;
      lastAt = t;
      o.progress({ model: label, tokensDone: done, tokensTotal: tokens, line: line === '' ? null : line.slice(0, 200), running: true });
    };
    // Counted as running from here on, while the login shell is still being read.
    const pending = userEnvironment.get().then((env) =>
      benchmarkOnEgpu({
        python: s.python,
        model: chosen,
        device,
        tokens,
        signal: abort.signal,
        onLine,
        env,
        ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      }),
    );
    running = { abort, done: pending };
    // Readers of isRunning() see the same as the first and last progress events.
    o.progress({ model: label, tokensDone: 0, tokensTotal: tokens, line: null, running: true });
    let outcome: Awaited<typeof pending>;
    try {
      outcome = await pending;
    } finally {
      running = null;
    }
    o.progress({ model: label, tokensDone: done, tokensTotal: tokens, line: null, running: false });
    if (!outcome.ok) {
      const code = outcome.reason === 'python-missing' || outcome.reason === 'tinygrad-missing' ? 'unavailable' : outcome.reason === 'unknown-model' ? 'invalid-payload' : 'failed';
      throw new ApiError(code, outcome.message);
    }
    const { summary } = outcome;
    const measurement = await o.record({
      source: 'tinygrad-benchmark',
      backend: 'tinygrad',
      model: label,
      onEgpu: true,
      outcome: 'completed',
      tokensPerSecond: summary.medianTokensPerSecond,
      ttftMs: null,
      promptTokensPerSecond: null,
      promptTokens: null,
      completionTokens: summary.tokens,
      estimated: false,
      gbPerSecond: summary.medianGbPerSecond,
      mbUsed: summary.mbUsed,
    });
    return { measurement, bandwidth: benchmarkBandwidth(measurement.gpu, measurement.gbPerSecond), mbAllocated: summary.mbAllocated };
  };

  return {
    run,
    cancel: () => running?.abort.abort(),
    isRunning: () => running !== null,
    async stop() {
      const current = running;
      current?.abort.abort(QUITTING);
      await current?.done;
    },
  };
}
