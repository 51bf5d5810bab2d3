// The inference feature: its four rooms put together — servers (found and watched), tinygrad (the
// managed server and the benchmark), metering (the proxy and the speed test) and history (every
// measurement, and the guide's slow-eGPU rule). Nothing runs until the user asks (or enabled the
// proxy's auto-start): free at rest.
import path from 'node:path';
import { ApiError, type EventName, type EventPayload } from '../api/contract';
import type { InferenceServer, InferenceStatus, Measurement, MeteringRoute } from '../api/inference';
import type { inferenceCommands } from '../api/inference';
import type { UnplugHolder } from '../api/power';
import { POWER_WORDS } from '../api/present';
import type { Hazard } from '../api/schemas';
import type { Settings } from '../api/settings';
import type { CommandHandlers } from '../api/transport';
import type { Feature } from '../feature';
import type { Clock } from '../platform/clock';
import { nullLogger, type LoggerPort } from '../platform/logger';
import type { UserEnvironment } from '../platform/user-env';
import { lastByModel, speedComparison } from './history/comparison';
import { HistoryStore, type HistoryStoreOptions } from './history/history-store';
import { createMeasurementLog, measurementOf, type MeasurementLog } from './history/measurement-log';
import { tinygradListensHazard } from './inference-hazards';
import { createMeteringControl, type MeteringControl } from './metering/metering-control';
import { runSpeedTest } from './metering/speed-test';
import { ollamaModels, ollamaResident } from './servers/ollama-backend';
import { openAiModels } from './servers/openai-backend';
import { createServerWatch } from './servers/server-discovery';
import { createTinygradControl, type TinygradControl } from './tinygrad/tinygrad-control';

type InferenceHandlers = Pick<CommandHandlers, keyof typeof inferenceCommands>;
type ServerWatch = ReturnType<typeof createServerWatch>;

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
  /** Where tinygrad finds python3 and docker (the login shell's PATH); the process's environment by default. */
  userEnvironment?: UserEnvironment;
  benchmarkTimeoutMs?: number;
  /** Reports how many listen to `inferenceServers`: servers are re-checked every minute only while someone does. */
  watchServerListeners?: (watcher: (count: number) => void) => () => void;
  /** The server watch's clock (tests); the wall clock otherwise. */
  serverClock?: Clock;
  /** Where a history file that had to be set aside is reported; read-only hosts. */
  history?: HistoryStoreOptions;
}

export interface InferenceService extends Feature {
  handlers: InferenceHandlers;
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
  /** The tinygrad server the app started holds the eGPU too, and is the one holder it may stop. */
  unplugHolders(): UnplugHolder[];
  /** tinygrad's --benchmark runs (it holds the eGPU). */
  benchmarkRunning(): boolean;
}

/** The four rooms, wired to each other. */
interface InferenceParts {
  history: HistoryStore;
  log: MeasurementLog;
  watch: ServerWatch;
  tinygrad: TinygradControl;
  metering: MeteringControl;
  /** Running speed tests, for cancelSpeedTest and stop. */
  speedTests: Set<AbortController>;
}

/** Asked of the server and enforced by the client, so a server that ignores it cannot run forever. */
const SPEED_TEST_MAX_TOKENS = 256;

function createParts(options: InferenceServiceOptions): InferenceParts {
  const logger = options.logger ?? nullLogger;
  const now = options.now ?? Date.now;
  const changed = options.changed ?? (() => undefined);
  const inference = () => options.settings().inference;
  const history = new HistoryStore(path.join(options.dataDir, 'inference-history.json'), inference().historyLimit, logger, options.history);
  const log = createMeasurementLog({ history, emit: options.emit, device: options.device ?? (() => ({ gpu: null, link: null })), now, changed, logger });
  const record = (m: Parameters<MeasurementLog['record']>[0]) => log.record(m);
  const watch = createServerWatch({ inference, onChange: (list) => options.emit('inferenceServers', { servers: list }), logger, clock: options.serverClock });
  const tinygrad = createTinygradControl({
    settings: () => inference().tinygrad,
    emit: options.emit,
    record,
    servingChanged: () => void watch.recheck(),
    runningChanged: changed,
    now,
    ...(options.userEnvironment === undefined ? {} : { userEnvironment: options.userEnvironment }),
    ...(options.benchmarkTimeoutMs === undefined ? {} : { benchmarkTimeoutMs: options.benchmarkTimeoutMs }),
  });
  // A route meters the eGPU when it forwards to the tinygrad server the app runs.
  const onEgpu = (route: MeteringRoute) => tinygrad.server.isRunning() && route.target.includes(`:${inference().tinygrad.port}`);
  const metering = createMeteringControl({ settings: inference, servers: () => watch.servers(), emit: options.emit, record, onEgpu, now, logger });
  return { history, log, watch, tinygrad, metering, speedTests: new Set() };
}

// Ollama's /api/ps on each Ollama server: a down server simply lists nothing.
async function residentModels(servers: readonly InferenceServer[]): Promise<InferenceStatus['resident']> {
  const lists = await Promise.all(
    servers
      .filter((s) => s.dialect === 'ollama' && (s.state === 'up' || s.checkedAt === null))
      .map(async (s) => {
        const reply = await ollamaResident(s.url);
        return reply.ok ? reply.value.map((m) => ({ serverId: s.id, model: m.name, gpuPercent: m.gpuPercent, offloaded: m.offloaded })) : [];
      }),
  );
  return lists.flat();
}

// The servers as last checked and tinygrad as last known: a stalled server or a slow python3 delays nothing here.
async function inferenceStatus(p: InferenceParts): Promise<InferenceStatus> {
  const servers = p.watch.servers();
  const [all, resident] = await Promise.all([p.history.load(), residentModels(servers)]);
  return { servers, ...p.metering.status(), tinygrad: p.tinygrad.server.status(), lastByModel: lastByModel(all), resident };
}

function serverById(p: InferenceParts, serverId: string): InferenceServer {
  const server = p.watch.servers().find((s) => s.id === serverId);
  if (!server) throw new ApiError('invalid-payload', `no server with id ${serverId}`);
  return server;
}

function inferenceHandlers(p: InferenceParts, device: () => { gpu: string | null }): InferenceHandlers {
  const { server: tinygrad, benchmark } = p.tinygrad;
  return {
    getInferenceStatus: async () => {
      // Started, not awaited: a check that changes a row pushes `inferenceServers`.
      void p.watch.fresh();
      return inferenceStatus(p);
    },
    getInferenceServers: async () => ({ servers: p.watch.servers() }),
    checkTinygradReadiness: () => tinygrad.checkReadiness(),
    getInferenceHistory: async ({ limit }) => (await p.history.load()).slice(-limit),
    startMeteringProxy: async ({ routeId }) => {
      await p.metering.start(routeId);
      return inferenceStatus(p);
    },
    stopMeteringProxy: async ({ routeId }) => {
      await p.metering.stop(routeId);
      return inferenceStatus(p);
    },
    runSpeedTest: async ({ serverId, model, runs }) => {
      const server = serverById(p, serverId);
      const stop = new AbortController();
      p.speedTests.add(stop);
      const outcome = await runSpeedTest({ dialect: server.dialect, baseUrl: server.url, model, runs, maxTokens: SPEED_TEST_MAX_TOKENS, signal: stop.signal }).finally(() => p.speedTests.delete(stop));
      if (!outcome.ok) throw new ApiError(outcome.reason === 'unreachable' ? 'unavailable' : 'failed', outcome.message);
      const saved: Measurement[] = [];
      for (const run of outcome.report.runs) saved.push(await p.log.record(measurementOf(run, 'speedtest', server.name, server.device === 'egpu')));
      return saved;
    },
    cancelSpeedTest: async () => {
      for (const stop of p.speedTests) stop.abort();
      return { ok: true as const };
    },
    startTinygrad: async ({ model, device: dev }) => {
      await tinygrad.start(model, dev);
      return inferenceStatus(p);
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
    getSpeedComparison: async () => speedComparison(lastByModel(await p.history.load()), device().gpu),
    getServerModels: async ({ serverId }) => {
      const server = serverById(p, serverId);
      const reply = await (server.dialect === 'ollama' ? ollamaModels(server.url) : openAiModels(server.url));
      return reply.ok ? { models: reply.value.filter((m) => /^[\w.:/@+-]{1,200}$/.test(m)).slice(0, 200), error: null } : { models: [], error: `${server.name} did not list its models` };
    },
  };
}

/** The long jobs a restart would cut: a benchmark, a model loading, a generation streaming through the proxy. */
function inferenceBusy(p: InferenceParts): string[] {
  const phase = p.tinygrad.server.status().phase;
  return [
    ...(p.tinygrad.benchmark.isRunning() ? ['a tinygrad benchmark'] : []),
    ...(phase === 'starting' || phase === 'loading' ? ['the tinygrad server loading a model'] : []),
    ...(p.metering.inFlight() > 0 ? ['a generation'] : []),
  ];
}

export function createInferenceService(options: InferenceServiceOptions): InferenceService {
  const p = createParts(options);
  let stopWatchingListeners = (): void => undefined;
  return {
    name: 'inference',
    handlers: inferenceHandlers(p, options.device ?? (() => ({ gpu: null }))),
    async start() {
      await p.log.recall();
      p.watch.start();
      stopWatchingListeners = options.watchServerListeners?.((count) => p.watch.setListeners(count)) ?? stopWatchingListeners;
      if (options.settings().inference.proxy.autoStart) await p.metering.start();
    },
    readOnce: () => p.log.recall(),
    async stop() {
      stopWatchingListeners();
      for (const stop of p.speedTests) stop.abort();
      await Promise.all([p.metering.stop(), p.tinygrad.server.dispose(), p.tinygrad.benchmark.stop(), p.watch.stop()]);
    },
    recent: () => p.history.load(),
    hazards() {
      const listening = p.tinygrad.server.listening();
      const slow = p.log.slowHazard();
      return [...(listening ? [tinygradListensHazard(listening.port, listening.since)] : []), ...(slow ? [slow] : [])];
    },
    dismissHazard: (id) => p.log.dismissSlow(id),
    busy: () => inferenceBusy(p),
    checkServers: () => void p.watch.fresh(),
    managedTinygrad: () => p.tinygrad.server.process(),
    unplugHolders: () => {
      const managed = p.tinygrad.server.process();
      return managed ? [{ pid: managed.pid, name: POWER_WORDS.managedTinygrad, command: `tinygrad.llm --model ${managed.model}`, ownedByApp: true }] : [];
    },
    benchmarkRunning: () => p.tinygrad.benchmark.isRunning(),
  };
}
