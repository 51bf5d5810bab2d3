// A plain log file for hosts whose console has gone away (web mode once its stderr closes): lines are
// appended, and past maxBytes the file becomes <name>.old.log, as the Mac app's electron-log rotates.
// Appends are synchronous on purpose: lines are rare, must stay in order, and the host may be exiting.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const LOG_FILE_MAX_BYTES = 1024 * 1024;

export interface LogFile {
  readonly path: string;
  /** Appends one line; a file that cannot be written drops it (logging must never stop the host). */
  append(line: string): void;
}

export function createLogFile(file: string, maxBytes = LOG_FILE_MAX_BYTES): LogFile {
  let size: number | null = null;
  return {
    path: file,
    append(line) {
      const text = `${line}\n`;
      try {
        if (size === null) {
          mkdirSync(path.dirname(file), { recursive: true });
          size = fileSize(file);
        }
        if (size + text.length > maxBytes && size > 0) {
          renameSync(file, file.replace(/(\.log)?$/, '.old.log'));
          size = 0;
        }
        appendFileSync(file, text, { mode: 0o600 });
        size += Buffer.byteLength(text);
      } catch {
        size = null;
      }
    },
  };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
