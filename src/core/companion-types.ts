// The core as its hosts (Electron main, web-mode server, CLI, tests) see it.
import type { CompanionApi } from './api/contract';
import type { DemoOptions } from './monitor/probe-sources';
import type { LoggerPort } from './platform/logger';
import type { NotifierPort, PowerEvent, ShellPort } from './ports';
import type { UserEnvironment } from './platform/user-env';
import type { PowerPort } from './power/port';

export interface CompanionOptions {
  /** Settings, event log, setup progress and logs live here. */
  dataDir: string;
  transport: 'electron' | 'web' | 'direct';
  shell?: ShellPort;
  notifier?: NotifierPort;
  /** Idle sleep, keep-awake and the sleep warning (Electron or plain-Node adapter); absent = the features hide. */
  power?: PowerPort;
  /** Web-mode demo: probes run against the device simulator. */
  demo?: DemoOptions | null;
  /** Bundled resources (recipes, simulator); defaults to the checkout's resources/ folder. */
  resourcesDir?: string;
  /** Setup recipes folder; defaults to the bundled resources/recipes (tests and recipe authors point elsewhere). */
  recipesDir?: string;
  /** Overrides for tests: a fixed clock, extra PATH entries for probes. */
  now?: () => number;
  appVersion?: string;
  /** Where the core logs; adapters that keep recent lines also feed the diagnostics bundle. */
  logger?: LoggerPort;
  /** watch/status: read the data folder, never write it (they do not hold the data-folder lock). */
  readOnly?: boolean;
  /** `watch --interval`: poll at this rate for this run without changing the saved setting. */
  pollIntervalSec?: number;
  /** The login-shell environment for the user's tools (python3, docker); the process's own when absent. */
  userEnv?: UserEnvironment;
}

export interface CompanionCore extends CompanionApi {
  /** Loads settings and starts polling. */
  start(): Promise<void>;
  /** Stops polling, kills children, flushes files; within QUIT_BUDGET_MS even with a tinygrad that ignores Ctrl-C. */
  stop(): Promise<void>;
  /** Sleep/wake and screen-lock signals from the host (Electron powerMonitor). */
  handlePowerEvent(event: PowerEvent): void;
}

/** How long a host waits for `stop()` when the app quits; every child the core stops on the way out fits in it. */
export const QUIT_BUDGET_MS = 3000;
