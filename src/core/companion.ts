// The composition root: wires settings, the event log, the monitor, demo controls, diagnostics and
// setup into the one CompanionApi. It keeps no state of its own — every service owns its part.
// Hosts (Electron main, web-mode server, CLI, tests) create it and call start().
import path from 'node:path';
import { ApiError } from './api/contract';
import { POWER_WORDS } from './api/present';
import type { Settings } from './api/settings';
import { bindHandlers, type CommandHandlers } from './api/transport';
import type { CompanionCore, CompanionOptions } from './companion-types';
import { buildDiagnostics } from './diagnostics';
import { EventHub } from './event-hub';
import { MonitorService } from './monitor/monitor-service';
import { DemoSources, hostSources, type ProbeSources } from './monitor/probe-sources';
import { NoticeBoard } from './notice-board';
import { appVersion, recipesDir, resourcesDir } from './paths';
import { normalizeExternalUrl } from './external-urls';
import { macHostArch } from './platform/host-arch';
import { hasRecentLines } from './platform/log-lines';
import { forwardPowerEvents, noopNotifier, noopShell, type PowerEvent } from './ports';
import type { MonitorEvent } from './api/schemas';
import { describeError, nullLogger } from './platform/logger';
import { egpuOf } from './inference/egpu-of';
import { withInferenceHazards } from './inference/inference-hazards';
import { createInferenceService } from './inference/inference-service';
import { createPowerFeature } from './power/power-feature';
import { createDoctor } from './doctor/doctor-feature';
import { SetupService } from './setup/setup-service';
import { EventLog } from './store/event-log';
import { SettingsStore } from './store/settings-store';

export function createCompanion(options: CompanionOptions): CompanionCore {
  const now = options.now ?? Date.now;
  const shell = options.shell ?? noopShell;
  const logger = options.logger ?? nullLogger;
  const version = options.appVersion ?? appVersion();
  const settingsStore = SettingsStore.inDataDir(options.dataDir, { logger, readOnly: options.readOnly });
  const eventLog = new EventLog(path.join(options.dataDir, 'events.json'), { logger, readOnly: options.readOnly });
  const hub = new EventHub(logger);
  const notices = new NoticeBoard();
  const settings = (): Settings => {
    const stored = settingsStore.value;
    const override = options.pollIntervalSec;
    return override === undefined ? stored : { ...stored, monitor: { ...stored.monitor, pollIntervalSec: override } };
  };

  const host = hostSources({ env: process.env, now, hostArch: () => macHostArch() });
  const demo = options.demo ? new DemoSources({ ...options.demo, env: process.env, now }, logger) : null;
  const sources: ProbeSources = demo ?? host;

  const notifier = options.notifier ?? noopNotifier;
  const publishEvents = (events: MonitorEvent[]): void => {
    if (events.length === 0) return;
    eventLog.append(events);
    for (const event of events) hub.emit('monitorEvent', event);
  };
  const monitor = new MonitorService({
    sources,
    settings,
    now,
    notifier,
    logger,
    onUpdate: (events) => {
      publishEvents(events);
      doctor.observe(monitor.appState(notices.all()));
      power.egpuChanged();
      hub.emit('state', currentState());
    },
    preparedUnplug: () => power.isPreparedUnplug(),
  });
  const power = createPowerFeature({
    port: options.power ?? null,
    // watch/status only look: they never hold the Mac awake.
    settings: () => (options.readOnly ? { ...settings().power, keepAwake: 'off' } : settings().power),
    monitorState: () => monitor.appState(notices.all()),
    probeNow: async () => {
      await monitor.refresh();
      return monitor.appState(notices.all());
    },
    changed: () => hub.emit('state', currentState()),
    event: (event) => publishEvents([event]),
    notify: (notification) => notifier.notify(notification),
    persistKeepAwake: (keepAwake) =>
      settingsStore.update({ power: { keepAwake } }).then(
        () => power.settingsChanged(),
        (error: unknown) => logger.warn('power: could not save keep-awake', describeError(error)),
      ),
    now,
    logger,
    // The tinygrad server the app started holds the eGPU too, and is the one holder it may stop.
    ownHolders: () => {
      const managed = inference.managedTinygrad();
      return managed ? [{ pid: managed.pid, name: POWER_WORDS.managedTinygrad, command: `tinygrad.llm --model ${managed.model}`, ownedByApp: true }] : [];
    },
    stopOwnHolder: async () => {
      await inference.handlers.stopTinygrad({});
    },
  });
  const currentState = () => doctor.decorate(withInferenceHazards(power.decorate(monitor.appState(notices.all())), inference.hazards()));

  const setup = new SetupService({
    dataDir: options.dataDir,
    recipesDir: options.recipesDir ?? recipesDir(resourcesDir(options.resourcesDir), demo !== null),
    shell,
    emit: (event, payload) => hub.emit(event, payload as never),
    detectGpuVendor: () => monitor.firstGpuVendor(),
    now,
  });

  const requireDemo = (): DemoSources => {
    if (!demo) throw new ApiError('unavailable', 'demo controls are only available in demo mode');
    return demo;
  };

  const inference = createInferenceService({
    dataDir: options.dataDir,
    settings: () => settingsStore.value,
    emit: (event, payload) => hub.emit(event, payload),
    device: () => egpuOf(monitor.appState(notices.all())),
    changed: () => hub.emit('state', currentState()),
    watchServerListeners: (watcher) => hub.watchListeners('inferenceServers', watcher),
    now,
    logger,
  });
  const doctor = createDoctor(options, { settings, version, now, logger, inference, emit: (event, payload) => hub.emit(event, payload), changed: () => hub.emit('state', currentState()), currentDevice: () => monitor.appState(notices.all()).devices[0] ?? null });
  const handlers: CommandHandlers = {
    ...inference.handlers,
    ...doctor.handlers(),
    getAppInfo: async () => ({
      name: 'eGPU Companion',
      version,
      transport: options.transport,
      demo: demo !== null,
      platform: `${process.platform}-${process.arch}`,
      dataDir: options.dataDir,
    }),
    getState: async () => currentState(),
    refresh: async () => {
      inference.checkServers();
      await monitor.refresh();
      return currentState();
    },
    getSettings: async () => settings(),
    updateSettings: async (patch) => {
      const next = await settingsStore.update(patch);
      monitor.settingsChanged();
      power.settingsChanged();
      return next;
    },
    chooseProbePath: async ({ tool }) => {
      if (!shell.chooseExecutable) {
        throw new ApiError('unavailable', `set monitor.paths.${tool} in settings.json in the data folder and restart`);
      }
      const chosen = await shell.chooseExecutable(tool, settings().monitor.paths[tool]);
      if (chosen === null) return { chosen: false, settings: settings() };
      const next = await settingsStore.update({ monitor: { paths: { [tool]: chosen } } });
      monitor.settingsChanged();
      return { chosen: true, settings: next };
    },
    getEventLog: async ({ limit }) => eventLog.recent(limit),
    dismissNotice: async ({ id }) => {
      notices.dismiss(id);
      hub.emit('state', currentState());
      return { ok: true as const };
    },
    dismissHazard: async ({ id }) => {
      if (!power.dismissHazard(id) && !doctor.dismissHazard(id) && !(await inference.dismissHazard(id))) monitor.dismissHazard(id);
      return currentState();
    },
    openExternal: async ({ url }) => {
      const normalized = normalizeExternalUrl(url);
      if (normalized === null) throw new ApiError('invalid-payload', 'that address is not one the app opens');
      return { opened: await shell.openExternal(normalized) };
    },
    copyDiagnostics: async () => {
      const diagnostics = await buildDiagnostics({
        dataDir: options.dataDir,
        appVersion: version,
        state: currentState(),
        snapshot: monitor.lastSnapshot(),
        events: eventLog.recent(100),
        settings: settings(),
        now: now(),
        recentLog: hasRecentLines(logger) ? logger.recentLines() : [],
        logger,
      });
      await shell.showItemInFolder(diagnostics.path);
      return diagnostics;
    },
    openSetup: async () => ({ opened: (await shell.openSetupWindow?.()) ?? false }),
    setDemoScenario: async ({ scenario }) => {
      await requireDemo().setScenario(scenario);
      await monitor.refresh();
      return currentState();
    },
    setKeepAwake: async ({ mode, hours }) => {
      await power.setKeepAwake(mode, hours);
      return currentState();
    },
    prepareUnplug: () => power.prepareUnplug(),
    stopUnplugHolder: ({ pid }) => power.stopUnplugHolder(pid),
    powerNotificationAction: async ({ action }) => {
      await power.notificationAction(action);
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
    setupAttachTerminal: (input) => setup.attachTerminal(input),
    setupReadLog: (input) => setup.readLog(input),
    setupOpenLog: (input) => setup.openLog(input),
  };

  // The power port's sleep/wake and screen-lock events reach the monitor too (the power service listens itself).
  const stopPowerEvents = forwardPowerEvents(options.power ?? null, (event) => monitor.handlePowerEvent(event));

  return {
    ...bindHandlers(handlers, hub.on),
    async start() {
      if (monitor.isRunning()) return;
      notices.add((await settingsStore.load()).notice);
      notices.add(await eventLog.load());
      notices.add(await doctor.start());
      await demo?.follow();
      await monitor.start();
      power.start();
      await inference.start();
    },
    async stop() {
      stopPowerEvents();
      power.stop();
      await Promise.all([monitor.stop(), doctor.stop()]);
      setup.dispose();
      await inference.stop();
      await eventLog.flush();
    },
    handlePowerEvent(event: PowerEvent) {
      monitor.handlePowerEvent(event);
    },
  };
}
