// The LoggerPort for web mode and the CLI: levelled lines on stderr (stdout stays for the command's
// own output, e.g. `watch --json`). The level comes from EGPU_COMPANION_LOG_LEVEL, default info.
// Once stderr has closed (nobody is listening), lines go to the fallback file if the host gave one,
// after one line there saying so, and are dropped otherwise — never retried.
import { type LoggerPort, type LogLevel } from './logger';
import { formatLogLine, levelEnabled, parseLogLevel, RecentLines, type RecentLogSource } from './log-lines';
import { processConsole, type ConsoleOutput } from './console-output';
import { createLogFile, type LogFile } from './log-file';

export const LOG_LEVEL_ENV = 'EGPU_COMPANION_LOG_LEVEL';

export interface StderrLoggerOptions {
  level?: LogLevel;
  /** A console that never closes (tests); otherwise the process's guarded stderr. */
  write?: (line: string) => void;
  console?: ConsoleOutput;
  /** Where lines go once stderr has closed (asked then, so a host may decide it later); else dropped. */
  fallbackFile?: string | (() => string | null);
  now?: () => number;
  recent?: RecentLines;
}

export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return parseLogLevel(env[LOG_LEVEL_ENV]) ?? 'info';
}

export function createStderrLogger(options: StderrLoggerOptions = {}): LoggerPort & RecentLogSource {
  const threshold = options.level ?? logLevelFromEnv();
  const output = options.console ?? (options.write ? alwaysOpen(options.write) : processConsole('stderr'));
  const now = options.now ?? Date.now;
  const recent = options.recent ?? new RecentLines();
  let file: LogFile | null = null;
  output.onClosed((reason) => {
    const fallback = typeof options.fallbackFile === 'function' ? options.fallbackFile() : options.fallbackFile;
    if (fallback == null) return;
    file = createLogFile(fallback);
    file.append(formatLogLine(now(), 'warn', `console output stopped: stderr closed (${reason}); later log lines are written here`));
  });
  const log = (level: LogLevel) => (message: string, detail?: unknown) => {
    const line = formatLogLine(now(), level, message, detail);
    // Debug lines are kept for a bug report even when the console shows only info and above.
    recent.push(line);
    if (!levelEnabled(threshold, level)) return;
    const toFile = () => file?.append(line);
    if (!output.write(`${line}\n`, toFile)) toFile();
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    recentLines: (limit) => recent.recentLines(limit),
  };
}

function alwaysOpen(write: (line: string) => void): ConsoleOutput {
  return {
    name: 'stderr',
    write: (text) => (write(text), true),
    isOpen: () => true,
    closedReason: () => null,
    onClosed: () => undefined,
  };
}
