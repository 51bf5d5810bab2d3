// The LoggerPort of the Mac app: electron-log writing a rotating file in the macOS Logs folder
// (~/Library/Logs/eGPU Companion/main.log, then main.old.log), since a menu-bar app has no
// terminal to print to. The logger object is passed in, so tests drive this with electron-log's
// plain-Node build and a temp folder.
import path from 'node:path';
import type { LoggerPort, LogLevel } from '../core/platform/logger';
import { formatLogLine, parseLogLevel, RecentLines, type RecentLogSource } from '../core/platform/log-lines';
import { LOG_LEVEL_ENV } from '../core/platform/stderr-logger';
import { processConsole, type ConsoleOutput } from '../core/platform/console-output';

export const LOG_FILE_NAME = 'main.log';
/** electron-log renames a full file to main.old.log and starts a new one. */
export const LOG_MAX_BYTES = 1024 * 1024;

/** The parts of electron-log (main or node build) the adapter uses. */
export interface ElectronLogLike {
  transports: {
    file: { level: string | false; maxSize: number; format: string | ((...args: never[]) => unknown); resolvePathFn: (...args: never[]) => string };
    console: { level: string | false };
  };
  debug(...params: unknown[]): void;
  info(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  error(...params: unknown[]): void;
}

export interface ElectronLoggerOptions {
  /** app.getPath('logs'): ~/Library/Logs/eGPU Companion on a Mac. */
  logsDir: string;
  /** Also print to the terminal (development). */
  console?: boolean;
  /** The guarded stdout and stderr the console lines go to (the process's own by default). */
  consoleOutputs?: readonly ConsoleOutput[];
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export function createElectronLogger(log: ElectronLogLike, options: ElectronLoggerOptions): LoggerPort & RecentLogSource {
  const level: LogLevel = parseLogLevel((options.env ?? process.env)[LOG_LEVEL_ENV]) ?? 'info';
  const file = path.join(options.logsDir, LOG_FILE_NAME);
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.file.level = level;
  // Lines arrive formatted (formatLogLine) so the file, the console and the diagnostics ring agree.
  log.transports.file.format = '{text}';
  log.transports.console.level = options.console === true ? level : false;
  const now = options.now ?? Date.now;
  const recent = new RecentLines();
  if (options.console === true) stopConsoleWhenClosed(log, options.consoleOutputs ?? [processConsole('stdout'), processConsole('stderr')], now);
  const forward = (at: LogLevel) => (message: string, detail?: unknown) => {
    const line = formatLogLine(now(), at, message, detail);
    recent.push(line);
    log[at](line);
  };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    recentLines: (limit) => recent.recentLines(limit),
  };
}

/**
 * The terminal `npm start` ran in can go away (a closed pipe, a stopped tee): from then on lines go
 * to main.log only, with one line there saying so, and nothing writes to the closed stream again.
 */
function stopConsoleWhenClosed(log: ElectronLogLike, outputs: readonly ConsoleOutput[], now: () => number): void {
  let stopped = false;
  for (const output of outputs) {
    output.onClosed((reason) => {
      if (stopped) return;
      stopped = true;
      log.transports.console.level = false;
      log.warn(formatLogLine(now(), 'warn', `console output stopped: ${output.name} closed (${reason}); the log goes on in this file only`));
    });
  }
}
