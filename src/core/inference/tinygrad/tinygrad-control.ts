// The tinygrad part of the inference feature: the managed server and the benchmark, which take turns
// on the eGPU, with each request the server reports and each benchmark result recorded.
import type { EventName, EventPayload } from '../../api/contract';
import type { Measurement, TinygradPhase } from '../../api/inference';
import type { Settings } from '../../api/settings';
import type { UserEnvironment } from '../../platform/user-env';
import type { NewMeasurement } from '../history/measurement-log';
import { createBenchmarkCommand, type BenchmarkCommand } from './benchmark-command';
import { ManagedTinygrad } from './managed-tinygrad';

export interface TinygradControlOptions {
  settings: () => Settings['inference']['tinygrad'];
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  record: (m: NewMeasurement) => Promise<Measurement>;
  /** The server started serving or stopped: the server rows should be checked again. */
  servingChanged: () => void;
  /** The server started or stopped (its network warning comes or goes). */
  runningChanged: () => void;
  now: () => number;
  /** Where python3, docker and the nvcc shim are found (the login shell's PATH). */
  userEnvironment?: UserEnvironment;
  benchmarkTimeoutMs?: number;
}

export interface TinygradControl {
  server: ManagedTinygrad;
  benchmark: BenchmarkCommand;
}

export function createTinygradControl(o: TinygradControlOptions): TinygradControl {
  let benchmarkWasRunning = false;
  let lastPhase: TinygradPhase = 'stopped';
  const benchmark = createBenchmarkCommand({
    settings: o.settings,
    serverRunning: () => server.isRunning(),
    record: o.record,
    progress: (p) => {
      o.emit('tinygradBenchmarkProgress', p);
      // The server's card says why it cannot start while a benchmark holds the eGPU.
      if (p.running !== benchmarkWasRunning) {
        benchmarkWasRunning = p.running;
        server.publishNow();
      }
    },
    now: o.now,
    ...(o.userEnvironment === undefined ? {} : { userEnvironment: o.userEnvironment }),
    ...(o.benchmarkTimeoutMs === undefined ? {} : { timeoutMs: o.benchmarkTimeoutMs }),
  });
  const server: ManagedTinygrad = new ManagedTinygrad({
    settings: o.settings,
    benchmarkRunning: () => benchmark.isRunning(),
    onRequest: (model, line) =>
      void o.record({
        source: 'tinygrad-serve', backend: 'tinygrad', model, onEgpu: true, outcome: line.interrupted ? 'cancelled' : 'completed',
        tokensPerSecond: line.genTokensPerSecond, ttftMs: null, promptTokensPerSecond: line.prefillTokensPerSecond,
        promptTokens: line.newTokens === null ? null : line.newTokens + (line.cachedTokens ?? 0), completionTokens: line.outTokens, estimated: false, gbPerSecond: null, mbUsed: null,
      }),
    publish: (status) => {
      o.emit('tinygradStatus', status);
      // The server rows say "running" or "not running" for its port too: ask again when that changed.
      if (status.phase !== lastPhase && (status.phase === 'serving' || lastPhase === 'serving')) o.servingChanged();
      lastPhase = status.phase;
    },
    runningChanged: o.runningChanged,
    now: o.now,
    ...(o.userEnvironment === undefined ? {} : { userEnvironment: o.userEnvironment }),
  });
  return { server, benchmark };
}
