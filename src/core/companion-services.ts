// What every feature of the core shares, built once per companion: settings, the event log, the
// event hub, notices and the probe sources (the simulator's in demo mode).
import path from 'node:path';
import type { UnplugHolder } from './api/power';
import type { MonitorEvent } from './api/schemas';
import type { Settings } from './api/settings';
import type { CompanionOptions } from './companion-types';
import { EventHub } from './event-hub';
import { DemoSources, hostSources, type ProbeSources } from './monitor/probe-sources';
import { NoticeBoard } from './notice-board';
import { appVersion } from './paths';
import { macHostArch } from './platform/host-arch';
import { nullLogger, type LoggerPort } from './platform/logger';
import { processEnvironment, type UserEnvironment } from './platform/user-env';
import { noopNotifier, noopShell, type NotifierPort, type ShellPort } from './ports';
import { EventLog } from './store/event-log';
import { SettingsStore } from './store/settings-store';

/** What the features ask of each other: unbound until every feature exists, then bound by the composition root. */
export interface FeatureLinks {
  monitorUpdated(): void;
  preparedUnplug(): boolean;
  ownHolders(): UnplugHolder[];
  stopOwnHolder(): Promise<void>;
  keepAwakeSaved(): void;
}

export function unboundLinks(): FeatureLinks {
  return { monitorUpdated: () => undefined, preparedUnplug: () => false, ownHolders: () => [], stopOwnHolder: async () => undefined, keepAwakeSaved: () => undefined };
}

export interface CoreServices {
  now: () => number;
  shell: ShellPort;
  notifier: NotifierPort;
  logger: LoggerPort;
  version: string;
  settingsStore: SettingsStore;
  eventLog: EventLog;
  hub: EventHub;
  notices: NoticeBoard;
  /** Where tools the user installed are found (the login shell's PATH). */
  userEnvironment: UserEnvironment;
  /** The saved settings with this run's overrides (`watch --interval`, `status --tinygpu`). */
  settings: () => Settings;
  sources: ProbeSources;
  demo: DemoSources | null;
  /** Saves monitor events in the log and pushes each one. */
  publishEvents: (events: MonitorEvent[]) => void;
}

export function createCoreServices(options: CompanionOptions): CoreServices {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? nullLogger;
  const settingsStore = SettingsStore.inDataDir(options.dataDir, { logger, readOnly: options.readOnly });
  const eventLog = new EventLog(path.join(options.dataDir, 'events.json'), { logger, readOnly: options.readOnly });
  const hub = new EventHub(logger);
  const adjust = options.adjustSettings ?? ((settings: Settings) => settings);
  const settings = (): Settings => {
    const stored = adjust(settingsStore.value);
    const override = options.pollIntervalSec;
    return override === undefined ? stored : { ...stored, monitor: { ...stored.monitor, pollIntervalSec: override } };
  };
  const demo = options.demo ? new DemoSources({ ...options.demo, env: process.env, now }, logger) : null;
  return {
    now,
    shell: options.shell ?? noopShell,
    notifier: options.notifier ?? noopNotifier,
    logger,
    version: options.appVersion ?? appVersion(),
    settingsStore,
    eventLog,
    hub,
    notices: new NoticeBoard(),
    userEnvironment: options.userEnvironment ?? processEnvironment(),
    settings,
    sources: demo ?? hostSources({ env: process.env, now, hostArch: () => macHostArch() }),
    demo,
    publishEvents(events) {
      if (events.length === 0) return;
      eventLog.append(events);
      for (const event of events) hub.emit('monitorEvent', event);
    },
  };
}
