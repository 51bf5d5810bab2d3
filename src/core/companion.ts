// The core service: wires settings, probes, the monitor, notifications and setup into the one
// CompanionApi. Hosts (Electron main, web-mode server, CLI, tests) create it and call start().
import path from 'node:path';
import {
  ApiError,
  type CompanionApi,
  type EventName,
  type EventPayload,
} from './api/contract';
import type { AppState, DemoScenario, Hazard, MonitorEvent, Notice } from './api/schemas';
import type { Settings } from './api/settings';
import type { CompanionCore, CompanionOptions } from './companion-types';
import { buildDiagnostics } from './diagnostics';
import { isAllowedExternalUrl } from './external-urls';
import { toAppState } from './monitor/app-state';
import { deriveHazards } from './monitor/hazards';
import { notificationsFor } from './monitor/notifications';
import { Poller } from './monitor/poller';
import { dismissHazard, initialMonitorState, reduce, type MonitorContext, type MonitorState, type PollOutcome } from './monitor/reducer';
import { bindHandlers, type CommandHandlers } from './api/transport';
import { resourcesDir, appVersion } from './paths';
import { macHostArch } from './platform/host-arch';
import { noopNotifier, noopShell, type PowerEvent } from './ports';
import { ollamaVramUsedMB } from './probe/ollama-vram';
import { selectSource } from './probe/sources/select-source';
import type { SourceContext } from './probe/sources/source';
import type { Snapshot } from './probe/types';
import { createInferenceService } from './inference/inference-service';
import { SetupService } from './setup/setup-service';
import { readSimState, simToolPaths, toDemoScenario, writeSimState } from './sim/sim-control';
import { EventLog } from './store/event-log';
import { SettingsStore } from './store/settings-store';

// After wake the Thunderbolt tunnel needs a moment to come back before we look.
const RESUME_SETTLE_MS = 2_000;

export function createCompanion(options: CompanionOptions): CompanionCore {
  const now = options.now ?? Date.now;
  const shell = options.shell ?? noopShell;
  const notifier = options.notifier ?? noopNotifier;
  const demo = options.demo ?? null;
  const settingsStore = SettingsStore.inDataDir(options.dataDir);
  const eventLog = new EventLog(path.join(options.dataDir, 'events.json'));
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  const appStartedAt = now();
  let monitor: MonitorState = initialMonitorState();
  let hazards: Hazard[] = [];
  let notices: Notice[] = [];
  let lastSnapshot: Snapshot | null = null;
  let lastResumeAt: number | null = null;
  let asleep = false;
  // The simulated Mac of the demo is Apple Silicon; a real host is asked at start.
  let hostArch: string | null = demo ? 'arm64' : null;
  let demoScenario: DemoScenario | null = null;
  let resumeTimer: NodeJS.Timeout | null = null;
  let started = false;

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (p: EventPayload<E>) => void)(payload);
      } catch {
        // A broken listener must not stop the monitor.
      }
    }
  };

  const setup = new SetupService({
    dataDir: options.dataDir,
    // The demo must not run real installers on whatever machine it is shown on.
    recipesDir: options.recipesDir ?? path.join(resourcesDir(), demo ? 'recipes-demo' : 'recipes'),
    shell,
    emit: (event, payload) => emit(event, payload as never),
    detectGpuVendor: () => {
      const vendor = monitor.devices[0]?.vendor;
      return vendor === 'nvidia' || vendor === 'amd' ? vendor : null;
    },
    now,
  });

  const settings = (): Settings => settingsStore.value;

  const monitorSettings = (): Settings['monitor'] => {
    const base = settings().monitor;
    if (!demo) return base;
    // Demo: every probe runs the simulator's stand-ins for the macOS commands.
    return { ...base, source: base.source === 'auto' ? 'tinygpu' : base.source, paths: { ...base.paths, ...simToolPaths(demo.simBinDir) } };
  };

  const sourceContext = (): SourceContext => ({
    monitor: monitorSettings(),
    env: demo ? { ...process.env, EGPU_SIM_STATE: demo.simStateFile } : process.env,
    now,
  });

  const context = (): MonitorContext => ({
    now: now(),
    appStartedAt,
    lastResumeAt,
    asleep,
    hostArch,
    intervalMs: settings().monitor.pollIntervalSec * 1000,
  });

  const currentState = (): AppState =>
    toAppState(monitor, hazards, {
      notices,
      demo: demoScenario ? { scenario: demoScenario } : null,
      intervalMs: settings().monitor.pollIntervalSec * 1000,
    });

  const publish = (events: MonitorEvent[]): void => {
    if (events.length > 0) {
      eventLog.append(events);
      for (const event of events) emit('monitorEvent', event);
    }
    emit('state', currentState());
  };

  const applyOutcome = (outcome: PollOutcome): void => {
    const ctx = context();
    const result = reduce(monitor, outcome, ctx);
    monitor = result.state;
    const previous = hazards;
    hazards = deriveHazards(monitor, ctx);
    for (const notification of notificationsFor(previous, hazards, settings().notifications)) {
      notifier.notify(notification);
    }
    publish(result.events);
  };

  const pollOnce = async (): Promise<boolean> => {
    if (asleep) return true;
    // The simulator can be flipped from outside (tests, `egpu-companion sim`), so follow its file.
    if (demo) demoScenario = toDemoScenario((await readSimState(demo.simStateFile).catch(() => null))?.scenario ?? 'connected');
    const source = await selectSource(sourceContext());
    const snapshot = await source.probe();
    await fillVramFromOllama(snapshot);
    lastSnapshot = snapshot;
    const failed = snapshot.errors.length > 0 && snapshot.devices.length === 0;
    const outcome: PollOutcome = failed
      ? { kind: 'failure', at: snapshot.at, error: snapshot.errors[0]!, raw: snapshot.raw }
      : { kind: 'snapshot', snapshot };
    applyOutcome(outcome);
    return !failed;
  };

  const fillVramFromOllama = async (snapshot: Snapshot): Promise<void> => {
    const missing = snapshot.devices.filter((device) => device.vramUsedMB === null);
    if (missing.length !== 1 || demo) return; // With several GPUs we cannot tell whose VRAM it is.
    const used = await ollamaVramUsedMB(settings().monitor.ollamaUrl);
    if (used === null) return;
    missing[0]!.vramUsedMB = used;
    missing[0]!.vramUsedSource = 'ollama';
  };

  const poller = new Poller({ intervalMs: settings().monitor.pollIntervalSec * 1000, poll: pollOnce });

  const requireDemo = (): NonNullable<typeof demo> => {
    if (!demo) throw new ApiError('unavailable', 'demo controls are only available in demo mode');
    return demo;
  };

  const on: CompanionApi['on'] = (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  };

  const inference = createInferenceService({ dataDir: options.dataDir, settings: () => settingsStore.value, emit, now });
  const handlers: CommandHandlers = {
    ...inference.handlers,
    getAppInfo: async () => ({
      name: 'eGPU Companion',
      version: options.appVersion ?? appVersion(),
      transport: options.transport,
      demo: demo !== null,
      platform: `${process.platform}-${process.arch}`,
      dataDir: options.dataDir,
    }),
    getState: async () => currentState(),
    refresh: async () => {
      await poller.pollNow();
      return currentState();
    },
    getSettings: async () => settings(),
    updateSettings: async (patch) => {
      const next = await settingsStore.update(patch);
      poller.setInterval(next.monitor.pollIntervalSec * 1000);
      void poller.pollNow();
      return next;
    },
    getEventLog: async ({ limit }) => eventLog.recent(limit),
    dismissNotice: async ({ id }) => {
      notices = notices.filter((notice) => notice.id !== id);
      publish([]);
      return { ok: true as const };
    },
    dismissHazard: async ({ id }) => {
      monitor = dismissHazard(monitor, id, now());
      hazards = deriveHazards(monitor, context());
      publish([]);
      return currentState();
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternalUrl(url)) throw new ApiError('invalid-payload', 'that address is not one the app opens');
      return { opened: await shell.openExternal(url) };
    },
    copyDiagnostics: async () => {
      const diagnostics = await buildDiagnostics({
        dataDir: options.dataDir,
        appVersion: options.appVersion ?? appVersion(),
        state: currentState(),
        snapshot: lastSnapshot,
        events: eventLog.recent(100),
        settings: settings(),
        now: now(),
      });
      await shell.showItemInFolder(diagnostics.path);
      return diagnostics;
    },
    openSetup: async () => ({ opened: (await shell.openSetupWindow?.()) ?? false }),
    setDemoScenario: async ({ scenario }) => {
      const { simStateFile } = requireDemo();
      const current = await readSimState(simStateFile);
      await writeSimState(simStateFile, { ...current, scenario });
      demoScenario = scenario;
      await poller.pollNow();
      return currentState();
    },
    setupOverview: () => setup.overview(),
    setupGetProgress: () => setup.progress(),
    setupSelectRecipe: (input) => setup.selectRecipe(input),
    setupCheckStep: (input) => setup.checkStep(input),
    setupRunStep: (input) => setup.runStep(input),
    setupVerifyStep: (input) => setup.verifyStep(input),
    setupSkipStep: (input) => setup.skipStep(input),
    setupConfirmManualStep: (input) => setup.confirmManualStep(input),
    setupInput: (input) => setup.input(input),
    setupResize: (input) => setup.resize(input),
    setupAck: (input) => setup.ack(input),
    setupCancel: (input) => setup.cancel(input),
    setupReadLog: (input) => setup.readLog(input),
    setupOpenLog: (input) => setup.openLog(input),
  };

  const core: CompanionCore = {
    ...bindHandlers(handlers, on),
    async start() {
      if (started) return;
      started = true;
      if (!demo) hostArch = await macHostArch();
      const loaded = await settingsStore.load();
      if (loaded.notice) notices = [...notices, loaded.notice];
      const logNotice = await eventLog.load();
      if (logNotice) notices = [...notices, logNotice];
      if (demo) demoScenario = toDemoScenario((await readSimState(demo.simStateFile)).scenario);
      poller.setInterval(settings().monitor.pollIntervalSec * 1000);
      poller.start();
      await inference.start();
    },
    async stop() {
      if (resumeTimer) clearTimeout(resumeTimer);
      await poller.stop();
      setup.dispose();
      await inference.stop();
      await eventLog.flush();
      started = false;
    },
    handlePowerEvent(event: PowerEvent) {
      if (event === 'suspend') {
        asleep = true;
        void poller.stop();
        return;
      }
      if (event === 'resume') {
        asleep = false;
        lastResumeAt = now();
        if (resumeTimer) clearTimeout(resumeTimer);
        resumeTimer = setTimeout(() => {
          if (started) poller.start();
        }, RESUME_SETTLE_MS);
        resumeTimer.unref?.();
        return;
      }
      // Screen lock changes nothing about the eGPU; an unlock is a good moment to look again.
      if (event === 'unlock-screen' && started && !asleep) void poller.pollNow();
    },
  };
  return core;
}
