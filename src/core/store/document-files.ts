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
  if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) return false;
  const match = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(base.length + 1));
  if (!match) return false;
  const pid = Number(match[1]);
  if (pid === process.pid) return !saveInFlight;
  return !processExists(pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
