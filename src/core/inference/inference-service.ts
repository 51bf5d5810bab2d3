// The live-inference commands and events: metering proxy, speed test, managed tinygrad server and
// history. Nothing runs until the user asks (or enabled the proxy's auto-start): free at rest.
import path from 'node:path';
import { ApiError, type EventName, type EventPayload } from '../api/contract';
import type { InferenceServer, InferenceStatus, Measurement, TinygradPhase } from '../api/inference';
import { BACKEND_NOT_ACTIVE_HAZARD_ID } from '../api/inference';
import type { Hazard } from '../api/schemas';
import type { inferenceCommands } from '../api/inference';
import type { Settings } from '../api/settings';
import type { CommandHandlers } from '../api/transport';
import { describeError, nullLogger, type LoggerPort } from '../platform/logger';
import { createBenchmarkCommand } from './tinygrad/benchmark-command';
import { lastByModel, speedComparison } from './history/comparison';
import { HistoryStore } from './history/history-store';
import { backendNotActiveHazard, tinygradListensHazard } from './inference-hazards';
import { ollamaModels, ollamaResident } from './servers/ollama-backend';
import { openAiModels } from './servers/openai-backend';
import { startMeteringProxy, type MeteringProxy } from './metering/metering-proxy';
import { createServerWatch } from './servers/server-discovery';
import type { WatchClock } from './servers/server-watch';
import { runSpeedTest } from './metering/speed-test';
import { median } from './metering/stats';
import { ManagedTinygrad } from './tinygrad/managed-tinygrad';
import type { GenerationResult } from './types';

type InferenceHandlers = Pick<CommandHandlers, keyof typeof inferenceCommands>;

export interface InferenceServiceOptions {
  dataDir: string;
  settings: () => Settings;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** The eGPU and link as the monitor sees them, saved with each measurement. */
  device?: () => { gpu: string | null; link: string | null };
  logger?: LoggerPort;
  now?: () => number;
  /** The warnings this service adds to the app state changed (server started or stopped, a slow eGPU result). */
  changed?: () => void;
  /** The environment tinygrad runs in (PATH to find python3); the process's by default. */
  env?: NodeJS.ProcessEnv;
  benchmarkTimeoutMs?: number;
  /** Reports how many listen to `inferenceServers`: servers are re-checked every minute only while someone does. */
  watchServerListeners?: (watcher: (count: number) => void) => () => void;
  /** The server watch's clock (tests); the wall clock otherwise. */
  serverClock?: WatchClock;
}

export interface InferenceService {
  handlers: InferenceHandlers;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Last measurements per model, for the /metrics export. */
  recent(): Promise<Measurement[]>;
  /** Warnings for the popover: tinygrad's server open to the network, the guide's slow-eGPU rule. */
  hazards(): Hazard[];
  /** true when the hazard was this service's own (its dismissal is saved, so it survives a restart). */
  dismissHazard(id: string): Promise<boolean>;
  /** Re-checks the servers unless that happened in the last seconds (the popover opened); does not wait. */
  checkServers(): void;
  /** The tinygrad server this app started and that still runs (it holds the eGPU); null = none. */
  managedTinygrad(): { pid: number; model: string } | null;
  /** tinygrad's --benchmark runs (it holds the eGPU). */
  benchmarkRunning(): boolean;
}

const TRAY_TITLE_EVERY_MS = 1000;

export function createInferenceService(options: InferenceServiceOptions): InferenceService {
  const logger = options.logger ?? nullLogger;
  const now = options.now ?? Date.now;
  const device = options.device ?? (() => ({ gpu: null, link: null }));
  const history = new HistoryStore(path.join(options.dataDir, 'inference-history.json'), options.settings().inference.historyLimit, logger);
  let proxy: MeteringProxy | null = null;
  let proxyError: string | null = null;
  let lastEgpu: Measurement | null = null;
  let slowDismissedAt: number | null = null;
  const changed = options.changed ?? (() => undefined);
  const liveRates = new Map<number, number[]>();
  let lastTrayAt = 0;

  // Discovered and configured servers with their health (server-discovery.ts).
  const watch = createServerWatch({ inference: () => options.settings().inference, onChange: (list) => options.emit('inferenceServers', { servers: list }), logger, clock: options.serverClock });
  let stopWatchingListeners = (): void => undefined;
  const servers = (): InferenceServer[] => watch.servers();

  const record = async (m: Omit<Measurement, 'at' | 'gpu' | 'link'>): Promise<Measurement> => {
    const full: Measurement = { ...m, at: now(), ...(m.onEgpu ? device() : { gpu: null, link: null }) };
    options.emit('inferenceMeasurement', full);
    if (noteEgpu(full)) changed();
    try {
      await history.append(full);
    } catch (error) {
      logger.warn('inference history: could not save a measurement', describeError(error));
    }
    return full;
  };

  const fromResult = (r: GenerationResult, source: Measurement['source'], backend: string, onEgpu: boolean): Omit<Measurement, 'at' | 'gpu' | 'link'> => ({
    source,
    backend,
    model: r.model,
    onEgpu,
    outcome: r.outcome,
    tokensPerSecond: r.tokensPerSecond,
    ttftMs: r.ttftMs,
    promptTokensPerSecond: r.promptTokensPerSecond,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    estimated: r.estimated,
    gbPerSecond: null,
    mbUsed: null,
  });

  /** Keeps the latest completed eGPU figure for the guide's rule; true when the warning appeared or went. */
  const noteEgpu = (m: Measurement): boolean => {
    if (!m.onEgpu || m.outcome !== 'completed' || m.tokensPerSecond === null) return false;
    const before = backendNotActiveHazard(lastEgpu) !== null;
    lastEgpu = m;
    return before || backendNotActiveHazard(m) !== null;
  };

  let benchmarkWasRunning = false;
  const benchmark = createBenchmarkCommand({
    settings: () => options.settings().inference.tinygrad,
    serverRunning: () => tinygrad.isRunning(),
    record,
    progress: (p) => {
      options.emit('tinygradBenchmarkProgress', p);
      // The server's card says why it cannot start while a benchmark holds the eGPU.
      if (p.running !== benchmarkWasRunning) {
        benchmarkWasRunning = p.running;
        tinygrad.publishNow();
      }
    },
    now,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.benchmarkTimeoutMs === undefined ? {} : { timeoutMs: options.benchmarkTimeoutMs }),
  });

  let lastTinygradPhase: TinygradPhase = 'stopped';
  const tinygrad = new ManagedTinygrad({
    settings: () => options.settings().inference.tinygrad,
    benchmarkRunning: () => benchmark.isRunning(),
    onRequest: (model, line) =>
      void record({
        source: 'tinygrad-serve', backend: 'tinygrad', model, onEgpu: true, outcome: line.interrupted ? 'cancelled' : 'completed',
        tokensPerSecond: line.genTokensPerSecond, ttftMs: null, promptTokensPerSecond: line.prefillTokensPerSecond,
        promptTokens: line.newTokens === null ? null : line.newTokens + (line.cachedTokens ?? 0), completionTokens: line.outTokens, estimated: false, gbPerSecond: null, mbUsed: null,
      }),
    publish: (status) => {
      options.emit('tinygradStatus', status);
      // The server rows say "running" or "not running" for its port too: ask again when that changed.
      if (status.phase !== lastTinygradPhase && (status.phase === 'serving' || lastTinygradPhase === 'serving')) void watch.recheck();
      lastTinygradPhase = status.phase;
    },
    runningChanged: changed,
    now,
    ...(options.env === undefined ? {} : { env: options.env }),
  });

  // The servers as last checked and tinygrad as last known: a stalled server or a slow python3 delays nothing here.
  const status = async (): Promise<InferenceStatus> => {
    const s = options.settings().inference;
    const [all, resident] = await Promise.all([history.load(), residentModels()]);
    return {
      servers: servers(),
      proxy: { running: proxy !== null, url: proxy?.url ?? null, target: s.proxy.target, error: proxyError },
      tinygrad: tinygrad.status(),
      lastByModel: lastByModel(all),
      resident,
    };
  };

  // Ollama's /api/ps on each Ollama server: a down server simply lists nothing.
  const residentModels = async (): Promise<InferenceStatus['resident']> => {
    const lists = await Promise.all(
      servers()
        .filter((s) => s.dialect === 'ollama' && (s.state === 'up' || s.checkedAt === null))
        .map(async (s) => {
          const reply = await ollamaResident(s.url);
          return reply.ok ? reply.value.map((m) => ({ serverId: s.id, model: m.name, gpuPercent: m.gpuPercent, offloaded: m.offloaded })) : [];
        }),
    );
    return lists.flat();
  };

  const proxyOnEgpu = () => {
    const target = options.settings().inference.proxy.target;
    return tinygrad.isRunning() && target.includes(`:${options.settings().inference.tinygrad.port}`);
  };

  const startProxy = async (): Promise<void> => {
    if (proxy) return;
    const s = options.settings().inference.proxy;
    try {
      proxy = await startMeteringProxy({
        target: s.target,
        port: s.port,
        logger,
        onLive: (id, model, reading) => {
          const rates = liveRates.get(id) ?? [];
          if (reading.currentTokensPerSecond !== null) rates.push(reading.currentTokensPerSecond);
          liveRates.set(id, rates.slice(-600));
          options.emit('inferenceLive', { generationId: id, model, tokens: reading.tokens, currentTokensPerSecond: reading.currentTokensPerSecond, medianTokensPerSecond: median(rates), ttftMs: reading.ttftMs, onEgpu: proxyOnEgpu(), running: true });
          const t = now();
          if (reading.currentTokensPerSecond !== null && t - lastTrayAt >= TRAY_TITLE_EVERY_MS) {
            lastTrayAt = t;
            options.emit('inferenceTrayTitle', { text: `${Math.round(reading.currentTokensPerSecond)} tok/s` });
          }
        },
        onGeneration: (result) => {
          options.emit('inferenceLive', { generationId: -1, model: result.model, tokens: result.completionTokens, currentTokensPerSecond: null, medianTokensPerSecond: result.tokensPerSecond, ttftMs: result.ttftMs, onEgpu: proxyOnEgpu(), running: false });
          liveRates.clear();
          lastTrayAt = 0;
          options.emit('inferenceTrayTitle', { text: null });
          void record(fromResult(result, 'proxy', s.target, proxyOnEgpu()));
        },
      });
      proxyError = null;
    } catch (error) {
      proxyError = `The metering proxy could not listen on 127.0.0.1:${s.port} (${describeError(error)})`;
      logger.warn(proxyError);
    }
  };

  const handlers: InferenceHandlers = {
    getInferenceStatus: async () => {
      // Started, not awaited: a check that changes a row pushes `inferenceServers`.
      void watch.fresh();
      return status();
    },
    getInferenceServers: async () => ({ servers: servers() }),
    checkTinygradReadiness: () => tinygrad.checkReadiness(),
    getInferenceHistory: async ({ limit }) => (await history.load()).slice(-limit),
    startMeteringProxy: async () => {
      await startProxy();
      return status();
    },
    stopMeteringProxy: async () => {
      await proxy?.close();
      proxy = null;
      return status();
    },
    runSpeedTest: async ({ serverId, model, runs }) => {
      const server = servers().find((s) => s.id === serverId);
      if (!server) throw new ApiError('invalid-payload', `no server with id ${serverId}`);
      const outcome = await runSpeedTest({ dialect: server.dialect, baseUrl: server.url, model, runs, maxTokens: 256 });
      if (!outcome.ok) throw new ApiError(outcome.reason === 'unreachable' ? 'unavailable' : 'failed', outcome.message);
      const saved: Measurement[] = [];
      for (const run of outcome.report.runs) saved.push(await record(fromResult(run, 'speedtest', server.name, server.device === 'egpu')));
      return saved;
    },
    startTinygrad: async ({ model, device }) => {
      await tinygrad.start(model, device);
      return status();
    },
    stopTinygrad: async () => {
      await tinygrad.stop();
      return { ok: true as const };
    },
    runTinygradBenchmark: (input) => benchmark.run(input),
    cancelTinygradBenchmark: async () => {
      benchmark.cancel();
      return { ok: true as const };
    },
    getSpeedComparison: async () => speedComparison(lastByModel(await history.load()), device().gpu),
    getServerModels: async ({ serverId }) => {
      const server = servers().find((s) => s.id === serverId);
      if (!server) throw new ApiError('invalid-payload', `no server with id ${serverId}`);
      const reply = await (server.dialect === 'ollama' ? ollamaModels(server.url) : openAiModels(server.url));
      return reply.ok ? { models: reply.value.filter((m) => /^[\w.:/@+-]{1,200}$/.test(m)).slice(0, 200), error: null } : { models: [], error: `${server.name} did not list its models` };
    },
  };

  return {
    handlers,
    async start() {
      // The guide's rule survives a restart: the last eGPU figure comes back from the history.
      const saved = (await history.load()).filter((m) => m.onEgpu && m.outcome === 'completed' && m.tokensPerSecond !== null);
      lastEgpu = saved[saved.length - 1] ?? null;
      slowDismissedAt = await history.slowWarningDismissedAt();
      if (backendNotActiveHazard(lastEgpu)) changed();
      watch.start();
      stopWatchingListeners = options.watchServerListeners?.((count) => watch.setListeners(count)) ?? stopWatchingListeners;
      if (options.settings().inference.proxy.autoStart) await startProxy();
    },
    async stop() {
      stopWatchingListeners();
      await Promise.all([proxy?.close(), tinygrad.dispose(), benchmark.stop(), watch.stop()]);
      proxy = null;
    },
    recent: () => history.load(),
    hazards() {
      const list: Hazard[] = [];
      const listening = tinygrad.listening();
      if (listening) list.push(tinygradListensHazard(listening.port, listening.since));
      const slow = backendNotActiveHazard(lastEgpu);
      if (slow && slow.since !== slowDismissedAt) list.push(slow);
      return list;
    },
    async dismissHazard(id) {
      if (id !== BACKEND_NOT_ACTIVE_HAZARD_ID || !lastEgpu) return false;
      slowDismissedAt = lastEgpu.at;
      changed();
      try {
        await history.dismissSlowWarning(slowDismissedAt);
      } catch (error) {
        logger.warn('inference history: could not save the dismissed warning', describeError(error));
      }
      return true;
    },
    checkServers: () => void watch.fresh(),
    managedTinygrad: () => tinygrad.process(),
    benchmarkRunning: () => benchmark.isRunning(),
  };
}
