// Where the core reports what the user does not need to see at once but a bug report does.
// Hosts give an adapter: a rotating file in the Mac app, levelled stderr lines in web mode and the CLI.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LoggerPort {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** For tests and hosts that want silence. */
export const nullLogger: LoggerPort = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A short, single-line description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
