// A host's stdout and stderr can go away under it: `| head` exits, a `tee` is stopped, an SSH session
// closes, a parent dies. A write to a closed pipe fails (EPIPE; EBADF or EIO for a vanished terminal),
// Node reports it as an 'error' event, and unhandled that becomes an uncaught exception — whose handler,
// printing to the same closed stream, fails again: a loop that burns a core. Here the first failure
// means "nobody is listening": the stream is never written again and its listeners hear it once.

export type ConsoleStreamName = 'stdout' | 'stderr';

/** What the guard needs of process.stdout / process.stderr (a fake in tests). */
export interface ConsoleStreamLike {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly destroyed?: boolean;
  readonly writable?: boolean;
  readonly writableLength?: number;
}

export interface ConsoleOutput {
  readonly name: ConsoleStreamName;
  /**
   * Writes unless the stream has closed; false when the text was dropped. A pipe reports its close on
   * the write after the reader left, so onLost hears about text that was accepted but never arrived.
   */
  write(text: string, onLost?: () => void): boolean;
  isOpen(): boolean;
  /** Why it closed ("EPIPE"), or null while open. */
  closedReason(): string | null;
  /** Called once when the stream closes (at once if it already has). */
  onClosed(listener: (reason: string) => void): void;
}

/**
 * A reader that stopped reading (a suspended `tee`) leaves lines queued in memory; past this much the
 * console counts as not listened to, rather than growing without end.
 */
export const MAX_QUEUED_CONSOLE_BYTES = 256 * 1024;

export function guardConsoleStream(name: ConsoleStreamName, stream: ConsoleStreamLike): ConsoleOutput {
  let reason: string | null = null;
  const listeners: Array<(reason: string) => void> = [];
  const close = (why: string) => {
    if (reason !== null) return;
    reason = why;
    for (const listener of listeners.splice(0)) {
      try {
        listener(why);
      } catch {
        // A listener's fault must not turn the close into the very exception this guards against.
      }
    }
  };
  // Handled here, a failed write never reaches uncaughtException.
  stream.on('error', (error) => close(errorCode(error)));
  return {
    name,
    write(text, onLost) {
      if (reason !== null) return false;
      if (stream.destroyed === true || stream.writable === false) {
        close('closed');
        return false;
      }
      if ((stream.writableLength ?? 0) > MAX_QUEUED_CONSOLE_BYTES) {
        close('not being read');
        return false;
      }
      try {
        stream.write(text, (error) => {
          if (!error) return;
          close(errorCode(error));
          onLost?.();
        });
        return true;
      } catch (error) {
        close(errorCode(error));
        return false;
      }
    },
    isOpen: () => reason === null,
    closedReason: () => reason,
    onClosed(listener) {
      if (reason !== null) listener(reason);
      else listeners.push(listener);
    },
  };
}

const processOutputs = new Map<ConsoleStreamName, ConsoleOutput>();

/** The one guard of this process's stdout or stderr, shared by every writer in the host. */
export function processConsole(name: ConsoleStreamName): ConsoleOutput {
  let output = processOutputs.get(name);
  if (!output) {
    output = guardConsoleStream(name, process[name]);
    processOutputs.set(name, output);
  }
  return output;
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
