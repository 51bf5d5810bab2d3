// One writer per data folder. The Mac app and `serve` take this lock before they start the core;
// `watch` and `status` only read and never take it. proper-lockfile does the locking (an atomic
// mkdir whose mtime it keeps fresh, so a lock whose holder hung or died goes stale); next to it we
// record who holds it, so a second writer can be told exactly which process is in the way, and a
// lock whose holder is known to be dead is taken over at once instead of after the stale period.
// Before locking, a file where the lock folder belongs (or a folder where the owner record
// belongs) is moved aside with a notice; once locked, temp files of killed writers are removed.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import type { Notice } from '../api/schemas';
import { describeError, nullLogger, type LoggerPort } from '../platform/logger';
import { explainFsError } from './json-document-store';
import { writeFileAtomic } from './atomic-file';
import { moveAsideIfNot, removeDeadWritersTemps } from './data-dir-oddities';

export const LOCK_DIR_NAME = 'writer.lock';
export const OWNER_FILE_NAME = 'writer-owner.json';
const STALE_MS = 10_000;

const OwnerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  hostname: z.string(),
  startedAt: z.number(),
});
export type LockOwner = z.infer<typeof OwnerSchema>;

export interface DataDirLock {
  readonly dataDir: string;
  /** What was found odd in the folder and moved aside, for the app's notice board. */
  readonly notices: Notice[];
  release(): Promise<void>;
}

export interface DataDirLockOptions {
  /** Who is asking, for the message a second writer sees: "the menu-bar app", "egpu-companion serve". */
  host: string;
  logger?: LoggerPort;
  now?: () => number;
}

/** Another process writes this data folder; the message says which and what to do. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
  ) {
    const who = owner ? `${owner.host} (PID ${owner.pid}, started ${new Date(owner.startedAt).toLocaleString()})` : 'another eGPU Companion';
    super(
      `${who} is already using the data folder ${dataDir}. Quit it first, or give this one another folder (--data-dir). Nothing was changed.`,
    );
    this.name = 'DataDirBusyError';
  }
}

export async function acquireDataDirLock(dataDir: string, options: DataDirLockOptions): Promise<DataDirLock> {
  const logger = options.logger ?? nullLogger;
  const dir = path.resolve(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_DIR_NAME);
  const ownerPath = path.join(dir, OWNER_FILE_NAME);
  const tidy = { now: options.now, logger };
  // proper-lockfile's lock is always a folder: a file of that name is nobody's lock.
  const notices = [
    await moveAsideIfNot('folder', lockPath, tidy).catch((error: unknown) => {
      throw new Error(`${lockPath} is not a lock folder and could not be moved aside: ${explainFsError(error)}`, { cause: error });
    }),
  ];
  const lockOptions: lockfile.LockOptions = {
    lockfilePath: lockPath,
    realpath: false,
    stale: STALE_MS,
    retries: 0,
    // Someone removed or replaced our lock (a manual cleanup, a clock jump): say so and keep going.
    onCompromised: (error) => logger.warn(`the lock on ${dir} was lost: ${describeError(error)}`),
  };

  let releaseLock: () => Promise<void>;
  try {
    releaseLock = await lockfile.lock(dir, lockOptions);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerPath, logger);
    if (!owner || ownerIsAlive(owner)) throw new DataDirBusyError(dir, owner);
    logger.info(`taking over the lock on ${dir} from PID ${owner.pid}, which is no longer running`);
    await fs.rm(lockPath, { recursive: true, force: true });
    try {
      releaseLock = await lockfile.lock(dir, lockOptions);
    } catch (retryError) {
      // Someone else won the race for the freed lock.
      if ((retryError as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirBusyError(dir, await readOwner(ownerPath, logger));
      throw retryError;
    }
  }

  const owner: LockOwner = { pid: process.pid, host: options.host, hostname: os.hostname(), startedAt: (options.now ?? Date.now)() };
  try {
    notices.push(await moveAsideIfNot('file', ownerPath, tidy));
    await writeFileAtomic(ownerPath, `${JSON.stringify(owner)}\n`, 0o644);
  } catch (error) {
    await releaseLock().catch(() => undefined); // the error below is the one to report
    throw new Error(`could not record this process as the writer of ${dir} (${OWNER_FILE_NAME}): ${explainFsError(error)}`, { cause: error });
  }
  await removeDeadWritersTemps(dir, tidy);
  let released = false;
  return {
    dataDir: dir,
    notices: notices.filter((notice): notice is Notice => notice !== null),
    async release() {
      if (released) return;
      released = true;
      await fs.rm(ownerPath, { force: true }).catch((error: unknown) => logger.debug(`could not remove ${ownerPath}`, error));
      await releaseLock().catch((error: unknown) => logger.debug(`could not release the lock on ${dir}`, error));
    },
  };
}

async function readOwner(ownerPath: string, logger: LoggerPort): Promise<LockOwner | null> {
  try {
    const parsed = OwnerSchema.safeParse(JSON.parse(await fs.readFile(ownerPath, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch (error) {
    // The holder may be between taking the lock and writing this file: an unknown owner is still an owner.
    logger.debug(`could not read ${ownerPath}`, error);
    return null;
  }
}

/** A holder on another machine (a shared home folder) cannot be checked, so it counts as alive. */
function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
