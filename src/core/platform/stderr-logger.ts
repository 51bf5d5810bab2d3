// The LoggerPort for web mode and the CLI: levelled lines on stderr (stdout stays for the command's
// own output, e.g. `watch --json`). The level comes from EGPU_COMPANION_LOG_LEVEL, default info.
import { type LoggerPort, type LogLevel } from './logger';
import { formatLogLine, levelEnabled, parseLogLevel, RecentLines, type RecentLogSource } from './log-lines';

export const LOG_LEVEL_ENV = 'EGPU_COMPANION_LOG_LEVEL';

export interface StderrLoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => number;
  recent?: RecentLines;
}

export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return parseLogLevel(env[LOG_LEVEL_ENV]) ?? 'info';
}

export function createStderrLogger(options: StderrLoggerOptions = {}): LoggerPort & RecentLogSource {
  const threshold = options.level ?? logLevelFromEnv();
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  const recent = options.recent ?? new RecentLines();
  const log = (level: LogLevel) => (message: string, detail?: unknown) => {
    const line = formatLogLine(now(), level, message, detail);
    // Debug lines are kept for a bug report even when the console shows only info and above.
    recent.push(line);
    if (levelEnabled(threshold, level)) write(`${line}\n`);
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    recentLines: (limit) => recent.recentLines(limit),
  };
}
