// What the writer of a data folder tidies before it starts: a file or folder of the wrong kind where
// the lock or its owner record belongs is moved aside (never deleted) with a notice, and temp files
// that writers killed mid-save left behind are removed. Only our own temp-file names are touched.
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Notice } from '../api/schemas';
import { nullLogger, type LoggerPort } from '../platform/logger';
import { isDeadWritersTemp } from './document-files';

export interface OddityOptions {
  now?: () => number;
  logger?: LoggerPort;
}

/**
 * Moves `entryPath` aside when something of the other kind sits there (a regular file where a
 * folder belongs, or the reverse). Returns the notice to show; null when the path is absent or right.
 */
export async function moveAsideIfNot(kind: 'file' | 'folder', entryPath: string, options: OddityOptions = {}): Promise<Notice | null> {
  const logger = options.logger ?? nullLogger;
  let stat: Awaited<ReturnType<typeof fs.lstat>>;
  try {
    stat = await fs.lstat(entryPath);
  } catch {
    return null;
  }
  if (kind === 'file' ? stat.isFile() : stat.isDirectory()) return null;
  const found = stat.isDirectory() ? 'a folder' : stat.isFile() ? 'a file' : 'something that is neither a file nor a folder';
  const name = path.basename(entryPath);
  const aside = `${entryPath}.unexpected-${(options.now ?? Date.now)()}`;
  await fs.rename(entryPath, aside);
  const message =
    `The data folder ${path.dirname(entryPath)} had ${found} named ${name} where eGPU Companion expects a ${kind} of its own; ` +
    `it was moved aside as ${path.basename(aside)} and nothing in it was changed.`;
  logger.warn(message);
  return { id: `data-folder-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`, level: 'warning', message };
}

/** Removes temp files of writers that no longer run from `dir` and its direct subfolders; returns what it removed. */
export async function removeDeadWritersTemps(dir: string, options: OddityOptions = {}): Promise<string[]> {
  const logger = options.logger ?? nullLogger;
  const removed: string[] = [];
  const sweep = async (folder: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      logger.debug(`could not list ${folder} for leftover temp files`, error);
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && depth > 0) await sweep(full, depth - 1);
      if (!entry.isFile() || !isDeadWritersTemp(entry.name)) continue;
      try {
        await fs.rm(full, { force: true });
        removed.push(path.relative(dir, full));
      } catch (error) {
        logger.debug(`could not remove leftover ${full}`, error);
      }
    }
  };
  await sweep(dir, 1);
  if (removed.length > 0) logger.info(`removed ${removed.length} temp file(s) left by saves that were interrupted: ${removed.join(', ')}`);
  return removed;
}
