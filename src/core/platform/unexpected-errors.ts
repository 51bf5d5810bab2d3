// The last guard of every host (the Electron main process, `serve`, the CLI): an error nothing else
// caught is logged and the host keeps serving. Without it Node ends the process, and Electron shows
// its own error dialog for each one. Repeats are counted, not logged one by one.
import { describeError, type LoggerPort } from './logger';

export type UnexpectedErrorEvent = 'uncaughtException' | 'unhandledRejection';

/** The part of `process` this guard uses; tests pass an EventEmitter. */
export interface UnexpectedErrorSource {
  on(event: UnexpectedErrorEvent, listener: (error: unknown) => void): unknown;
  off(event: UnexpectedErrorEvent, listener: (error: unknown) => void): unknown;
}

export interface UnexpectedErrorOptions {
  /** Named in each line: "serve", "the menu-bar app". */
  host: string;
  /** Asked at each error: a host may only know its log file after start-up. */
  logger: () => LoggerPort;
  /** Lines per minute before the rest are only counted. */
  maxPerMinute?: number;
  now?: () => number;
}

const WINDOW_MS = 60_000;

/** Installs the guard; returns a function that removes it. */
export function logUnexpectedErrors(source: UnexpectedErrorSource, options: UnexpectedErrorOptions): () => void {
  const now = options.now ?? Date.now;
  const maxPerMinute = options.maxPerMinute ?? 20;
  let windowStart = now();
  let logged = 0;
  let suppressed = 0;

  const report = (kind: string) => (error: unknown) => {
    const at = now();
    if (at - windowStart >= WINDOW_MS) {
      if (suppressed > 0) options.logger().error(`${options.host}: ${suppressed} more unexpected errors in the last minute were not logged one by one`);
      windowStart = at;
      logged = 0;
      suppressed = 0;
    }
    if (logged >= maxPerMinute) {
      suppressed += 1;
      return;
    }
    logged += 1;
    const stack = error instanceof Error && error.stack ? error.stack : undefined;
    options.logger().error(`${options.host}: ${kind} (kept running): ${describeError(error)}`, stack);
  };
  const onException = report('unexpected error');
  const onRejection = report('unhandled promise rejection');
  source.on('uncaughtException', onException);
  source.on('unhandledRejection', onRejection);
  return () => {
    source.off('uncaughtException', onException);
    source.off('unhandledRejection', onRejection);
  };
}
