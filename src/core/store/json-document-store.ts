// One JSON document on disk (settings, event history, setup progress, and every store to come):
// a validated read, a file that cannot be used moved aside with a notice that says what really
// happened, writes serialized per file, each one temp file + fsync + rename. Leftover temp files
// of writers that were killed mid-save are removed at the next load.
import path from 'node:path';
import type { Notice } from '../api/schemas';
import { describeError, nullLogger, type LoggerPort } from '../platform/logger';
import { defaultFileOps, isOrphanTemp, type DocumentFileOps } from './document-files';

export type DocumentParse<T> = (raw: unknown) => { ok: true; value: T; migrated?: boolean } | { ok: false; reason: string };

export interface JsonDocumentStoreOptions<T> {
  filePath: string;
  /** What the file holds, for messages: "settings", "event history", "setup progress". */
  what: string;
  /** Notice id used when the file could not be used. */
  noticeId: string;
  /** Validates (and migrates) the parsed JSON. */
  parse: DocumentParse<T>;
  serialize?: (value: T) => string;
  /** Permissions of a newly written file. */
  mode?: number;
  now?: () => number;
  logger?: LoggerPort;
  /** Hosts that only look (watch, status) never write, move or delete anything. */
  readOnly?: boolean;
  files?: DocumentFileOps;
}

export type DocumentLoad<T> =
  | { status: 'missing'; value: null; notice: null }
  | { status: 'ok'; value: T; migrated: boolean; notice: null }
  | { status: 'corrupt' | 'unreadable'; value: null; notice: Notice; reason: string; movedTo: string | null };

/** A save that did not reach the disk; the message names the file and the reason. */
export class DocumentSaveError extends Error {
  constructor(
    readonly filePath: string,
    readonly what: string,
    cause: unknown,
  ) {
    super(`could not save the ${what} to ${filePath}: ${explainFsError(cause)}`);
    this.name = 'DocumentSaveError';
  }
}

/** Saves to one path run one after another, even across store instances, so an older document never lands last. */
const writeQueues = new Map<string, Promise<void>>();

export class JsonDocumentStore<T> {
  readonly filePath: string;
  private readonly files: DocumentFileOps;
  private readonly logger: LoggerPort;
  private readonly now: () => number;

  constructor(private readonly options: JsonDocumentStoreOptions<T>) {
    this.filePath = path.resolve(options.filePath);
    this.files = options.files ?? defaultFileOps;
    this.logger = options.logger ?? nullLogger;
    this.now = options.now ?? Date.now;
  }

  get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  /** Never throws: a missing file, a valid one, or one that could not be used (with a notice). */
  async load(): Promise<DocumentLoad<T>> {
    await this.removeOrphanTemps();
    let text: string;
    try {
      text = await this.files.readFile(this.filePath);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { status: 'missing', value: null, notice: null };
      return this.setAside('unreadable', explainFsError(error));
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      // The reason is all the user needs; the file itself is kept for a bug report.
      return this.setAside('corrupt', 'not valid JSON');
    }
    const parsed = this.options.parse(raw);
    if (!parsed.ok) return this.setAside('corrupt', parsed.reason);
    return { status: 'ok', value: parsed.value, migrated: parsed.migrated === true, notice: null };
  }

  /** Queued behind earlier saves of the same file; resolves once the document is on disk. */
  save(value: T): Promise<void> {
    if (this.readOnly) return Promise.reject(new DocumentSaveError(this.filePath, this.options.what, new Error('this process only reads the data folder')));
    const text = (this.options.serialize ?? defaultSerialize)(value);
    const previous = writeQueues.get(this.filePath) ?? Promise.resolve();
    const write = previous.then(async () => {
      try {
        await this.files.writeAtomic(this.filePath, text, this.options.mode ?? 0o600);
      } catch (error) {
        this.logger.debug(`saving ${this.filePath} failed`, error);
        throw new DocumentSaveError(this.filePath, this.options.what, error);
      }
    });
    const settledWrite = write.catch(() => undefined);
    writeQueues.set(this.filePath, settledWrite);
    void settledWrite.then(() => {
      if (writeQueues.get(this.filePath) === settledWrite) writeQueues.delete(this.filePath);
    });
    return write;
  }

  private async setAside(status: 'corrupt' | 'unreadable', reason: string): Promise<DocumentLoad<T>> {
    const { what, noticeId } = this.options;
    let movedTo: string | null = null;
    let moveFailure: string | null = null;
    if (this.readOnly) {
      moveFailure = 'this process only reads the data folder';
    } else {
      const aside = `${this.filePath}.${status}-${this.now()}`;
      try {
        await this.files.rename(this.filePath, aside);
        movedTo = aside;
      } catch (error) {
        moveFailure = explainFsError(error);
      }
    }
    const kept = movedTo
      ? `The old file was kept as ${path.basename(movedTo)}.`
      : `The file was left as it is (${moveFailure}); changes cannot be saved until ${this.filePath} is fixed or removed.`;
    const message = `The ${what} file ${this.filePath} could not be read (${reason}); ${defaultsPhrase(what)}. ${kept}`;
    this.logger.warn(message);
    return { status, value: null, notice: { id: noticeId, level: 'warning', message }, reason, movedTo };
  }

  private async removeOrphanTemps(): Promise<void> {
    if (this.readOnly) return;
    const dir = path.dirname(this.filePath);
    const base = path.basename(this.filePath);
    let names: string[];
    try {
      names = await this.files.readdir(dir);
    } catch (error) {
      // No folder yet (first start) or not listable: nothing to clean; a save will say more.
      this.logger.debug(`could not list ${dir} for leftover temp files`, error);
      return;
    }
    const inFlight = writeQueues.has(this.filePath);
    for (const name of names) {
      if (!isOrphanTemp(base, name, inFlight)) continue;
      try {
        await this.files.rm(path.join(dir, name));
        this.logger.info(`removed ${name}, left behind by a save that was interrupted`);
      } catch (error) {
        this.logger.debug(`could not remove leftover ${name}`, error);
      }
    }
  }
}

function defaultSerialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function defaultsPhrase(what: string): string {
  return what === 'settings' ? 'defaults are in use' : `the ${what} starts empty`;
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Short words for the file-system errors people actually meet. */
export function explainFsError(error: unknown): string {
  switch (errnoCode(error)) {
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    default:
      return describeError(error);
  }
}
