// The composition root: the list of features (monitor, power, setup, inference) and the wiring
// between them, behind the one CompanionApi. It keeps no state of its own — every feature owns its
// part (docs/architecture.md, "Where to add a feature"). Hosts (Electron main, web-mode server, CLI,
// tests) create it and call start(), or status() for one look.
import type { AppState } from './api/schemas';
import { bindHandlers } from './api/transport';
import { appHandlers } from './app-handlers';
import { createCoreServices, unboundLinks, type FeatureLinks } from './companion-services';
import type { CompanionCore, CompanionOptions } from './companion-types';
import { busyJobs, completeHandlers, featureHandlers, readStatusOnce, startFeatures, stateWithFeatures, stopFeatures, type Feature } from './feature';
import { egpuOf } from './api/egpu';
import { egpuLabelsOf } from './inference/egpu-of';
import { createInferenceService } from './inference/inference-service';
import { createMonitorFeature } from './monitor/monitor-feature';
import { MonitorService } from './monitor/monitor-service';
import { recipesDir, resourcesDir } from './paths';
import { describeError } from './platform/logger';
import { LOGIN_SHELL_NOTICE_ID } from './platform/login-shell-env';
import { forwardPowerEvents } from './ports';
import { createPowerFeature } from './power/power-feature';
import { createSetupFeature } from './setup/setup-feature';
import { createDoctorFeature } from './doctor/doctor-feature';
import { SetupService } from './setup/setup-service';

export function createCompanion(options: CompanionOptions): CompanionCore {
  const services = createCoreServices(options);
  const { hub, notices, settings, settingsStore, logger, now } = services;
  // What the features ask of each other, bound below once all of them exist.
  const links = unboundLinks();
  const monitor = new MonitorService({
    sources: services.sources, settings, now, notifier: services.notifier, logger, selection: options.selection,
    onUpdate: (events) => {
      services.publishEvents(events);
      links.monitorUpdated();
    },
    preparedUnplug: () => links.preparedUnplug(),
  });
  const features: Feature[] = [];
  const monitorState = (): AppState => monitor.appState(notices.all());
  const appState = (): AppState => stateWithFeatures(monitorState(), features);
  const changed = (): void => hub.emit('state', appState());
  const power = createPowerFeature({
    port: options.power ?? null,
    // watch/status only look: they never hold the Mac awake.
    settings: () => (options.readOnly ? { ...settings().power, keepAwake: 'off' } : settings().power),
    monitorState, appState, changed, now, logger,
    probeNow: () => monitor.refresh().then(monitorState),
    event: (event) => services.publishEvents([event]),
    notify: (notification) => services.notifier.notify(notification),
    persistKeepAwake: (keepAwake) =>
      settingsStore.update({ power: { keepAwake } }).then(links.keepAwakeSaved, (error: unknown) => logger.warn('power: could not save keep-awake', describeError(error))),
    ownHolders: () => links.ownHolders(),
    stopOwnHolder: () => links.stopOwnHolder(),
  });
  const setup = new SetupService({
    dataDir: options.dataDir,
    recipesDir: options.recipesDir ?? recipesDir(resourcesDir(options.resourcesDir), services.demo !== null),
    shell: services.shell,
    emit: (event, payload) => hub.emit(event, payload as never),
    detectGpuVendor: () => monitor.firstGpuVendor(),
    // A step may have changed the shell profile (PATH) or installed a tool: read the login shell again.
    afterRun: () => services.userEnvironment.invalidate(),
    // The wizard's driver steps read the driver as the popover does.
    driverState: () => monitor.refresh().then(() => monitorState().driver.state),
    now,
  });
  const inference = createInferenceService({
    dataDir: options.dataDir, settings: () => settingsStore.value, changed, now, logger,
    emit: (event, payload) => hub.emit(event, payload),
    device: () => egpuLabelsOf(monitorState()),
    watchServerListeners: (watcher) => hub.watchListeners('inferenceServers', watcher),
    history: { readOnly: options.readOnly, onNotice: (notice) => (notices.add(notice), changed()) },
    userEnvironment: services.userEnvironment,
  });
  const doctor = createDoctorFeature(options, {
    settings, version: services.version, now, logger, inference, changed, userEnvironment: services.userEnvironment,
    emit: (event, payload) => hub.emit(event, payload), currentDevice: () => egpuOf(monitorState()), addNotice: (notice) => notices.add(notice),
  });
  features.push(createMonitorFeature({ monitor, demo: services.demo, appState, monitorState }), power, createSetupFeature(setup, services.shell), inference, doctor);

  Object.assign<FeatureLinks, FeatureLinks>(links, {
    monitorUpdated: () => {
      doctor.service.observe(monitorState());
      power.egpuChanged();
      changed();
    },
    preparedUnplug: () => power.isPreparedUnplug(),
    ownHolders: () => inference.unplugHolders(),
    stopOwnHolder: () => inference.handlers.stopTinygrad({}).then(() => undefined),
    keepAwakeSaved: () => power.settingsChanged(),
  });
  const handlers = completeHandlers({
    ...featureHandlers(features),
    ...appHandlers({ services, options, features, monitor, appState, changed, refreshOthers: () => inference.checkServers() }),
  });
  // The power port's sleep/wake and screen-lock events reach the monitor too (the power service listens itself).
  const stopPowerEvents = forwardPowerEvents(options.power ?? null, (event) => monitor.handlePowerEvent(event));
  const stopShellNotices = services.userEnvironment.onNotice?.((notice) => (notices.replace(LOGIN_SHELL_NOTICE_ID, notice), changed()));

  return {
    ...bindHandlers(handlers, hub.on),
    async start() {
      if (monitor.isRunning()) return;
      for (const notice of options.notices ?? []) notices.add(notice);
      notices.add((await settingsStore.load()).notice);
      notices.add(await services.eventLog.load());
      await startFeatures(features);
    },
    async stop() {
      stopPowerEvents();
      stopShellNotices?.();
      await stopFeatures(features);
      await services.eventLog.flush();
    },
    handlePowerEvent: (event) => monitor.handlePowerEvent(event),
    status: () => settingsStore.load().then(() => readStatusOnce(features, appState)),
    busy: () => busyJobs(features),
  };
}
