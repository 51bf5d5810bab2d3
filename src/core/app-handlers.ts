// The commands that belong to the app as a whole rather than to one feature: its info, the merged
// state, settings, the event log, notices, hazards (asked of every feature), links and diagnostics.
import { ApiError } from './api/contract';
import type { AppState } from './api/schemas';
import type { CommandHandlers } from './api/transport';
import type { CompanionOptions } from './companion-types';
import type { CoreServices } from './companion-services';
import { buildDiagnostics } from './diagnostics';
import { normalizeExternalUrl } from './external-urls';
import { dismissWithFeatures, type Feature } from './feature';
import type { MonitorService } from './monitor/monitor-service';
import { hasRecentLines } from './platform/log-lines';

export interface AppHandlerContext {
  services: CoreServices;
  options: CompanionOptions;
  features: readonly Feature[];
  monitor: MonitorService;
  appState: () => AppState;
  /** Publishes the merged state. */
  changed: () => void;
  /** The popover opened: servers are looked at again too. */
  refreshOthers: () => void;
}

type AppCommand =
  | 'getAppInfo' | 'getState' | 'refresh' | 'getSettings' | 'updateSettings' | 'chooseProbePath' | 'getEventLog'
  | 'dismissNotice' | 'dismissHazard' | 'openExternal' | 'copyDiagnostics' | 'openSetup';

export function appHandlers(c: AppHandlerContext): Pick<CommandHandlers, AppCommand> {
  const { services: s, options, features, monitor } = c;
  const settingsChanged = (): void => {
    for (const feature of features) feature.settingsChanged?.();
  };
  return {
    getAppInfo: async () => ({
      name: 'eGPU Companion',
      version: s.version,
      transport: options.transport,
      demo: s.demo !== null,
      platform: `${process.platform}-${process.arch}`,
      dataDir: options.dataDir,
    }),
    getState: async () => c.appState(),
    refresh: async () => {
      c.refreshOthers();
      await monitor.refresh();
      return c.appState();
    },
    getSettings: async () => s.settings(),
    updateSettings: async (patch) => {
      const next = await s.settingsStore.update(patch);
      settingsChanged();
      return next;
    },
    chooseProbePath: async ({ tool }) => {
      if (!s.shell.chooseExecutable) throw new ApiError('unavailable', `set monitor.paths.${tool} in settings.json in the data folder and restart`);
      const chosen = await s.shell.chooseExecutable(tool, s.settings().monitor.paths[tool]);
      if (chosen === null) return { chosen: false, settings: s.settings() };
      const next = await s.settingsStore.update({ monitor: { paths: { [tool]: chosen } } });
      settingsChanged();
      return { chosen: true, settings: next };
    },
    getEventLog: async ({ limit }) => s.eventLog.recent(limit),
    dismissNotice: async ({ id }) => {
      s.notices.dismiss(id);
      c.changed();
      return { ok: true as const };
    },
    dismissHazard: async ({ id }) => {
      await dismissWithFeatures(features, id);
      return c.appState();
    },
    openExternal: async ({ url }) => {
      const normalized = normalizeExternalUrl(url);
      if (normalized === null) throw new ApiError('invalid-payload', 'that address is not one the app opens');
      return { opened: await s.shell.openExternal(normalized) };
    },
    copyDiagnostics: async () => {
      const diagnostics = await buildDiagnostics({
        dataDir: options.dataDir,
        appVersion: s.version,
        state: c.appState(),
        snapshot: monitor.lastSnapshot(),
        events: s.eventLog.recent(100),
        settings: s.settings(),
        now: s.now(),
        recentLog: hasRecentLines(s.logger) ? s.logger.recentLines() : [],
        logger: s.logger,
      });
      await s.shell.showItemInFolder(diagnostics.path);
      return diagnostics;
    },
    openSetup: async () => ({ opened: (await s.shell.openSetupWindow?.()) ?? false }),
  };
}
