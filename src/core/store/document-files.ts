// The file operations a JsonDocumentStore needs, as a port so tests can make any one of them fail
// (a read-only folder cannot be simulated with chmod when tests run as root).
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './atomic-file';

export interface DocumentFileOps {
  readFile(filePath: string): Promise<string>;
  writeAtomic(filePath: string, data: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  rm(filePath: string): Promise<void>;
}

export const defaultFileOps: DocumentFileOps = {
  readFile: (filePath) => fs.readFile(filePath, 'utf8'),
  writeAtomic: (filePath, data, mode) => writeFileAtomic(filePath, data, mode),
  rename: (from, to) => fs.rename(from, to),
  readdir: (dir) => fs.readdir(dir),
  rm: (filePath) => fs.rm(filePath, { force: true }),
};

/**
 * A temp file of `base` (see tempPathFor) whose writer is gone: its process no longer exists, or it
 * is this process and no save of that file is in flight.
 */
export function isOrphanTemp(base: string, name: string, saveInFlight: boolean): boolean {
  const temp = parseTempName(name);
  if (!temp || temp.base !== base) return false;
  if (temp.pid === process.pid) return !saveInFlight;
  return !processExists(temp.pid);
}

/** `<base>.<pid>.<8 hex>.tmp`, the names tempPathFor gives; null for any other name. */
export function parseTempName(name: string): { base: string; pid: number } | null {
  const match = /^(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  if (!match?.[1]) return null;
  return { base: match[1], pid: Number(match[2]) };
}

/** A temp file a writer that no longer runs left behind; never one of this process (its saves may be in flight). */
export function isDeadWritersTemp(name: string): boolean {
  const temp = parseTempName(name);
  return temp !== null && temp.pid !== process.pid && !processExists(temp.pid);
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
