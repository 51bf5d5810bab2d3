// The monitor's event history: the newest events in memory, persisted to one JSON file.
// Writes are coalesced (one write per burst, none while nothing happens) and go through the
// JsonDocumentStore; a file that cannot be read is moved aside and the log starts empty.
import { z } from 'zod';
import { MonitorEventSchema, type MonitorEvent, type Notice } from '../api/schemas';
import type { LoggerPort } from '../platform/logger';
import { defaultFileOps, type DocumentFileOps } from './document-files';
import { JsonDocumentStore } from './json-document-store';

export const EVENT_LOG_VERSION = 1;
export const DEFAULT_EVENT_LOG_CAPACITY = 500;
export const DEFAULT_EVENT_LOG_WRITE_DELAY_MS = 2_000;

const EventLogDocumentSchema = z.object({
  version: z.literal(EVENT_LOG_VERSION),
  events: z.array(MonitorEventSchema),
});

export interface EventLogOptions {
  /** How many of the newest events to keep. */
  capacity?: number;
  /** How long appends are gathered before one write. */
  writeDelayMs?: number;
  now?: () => number;
  /** Where background write failures go (a failed write is retried with the next append or flush). */
  onError?: (error: unknown) => void;
  write?: (filePath: string, data: string) => Promise<void>;
  logger?: LoggerPort;
  /** watch/status: load and keep events in memory, never write the file. */
  readOnly?: boolean;
  files?: DocumentFileOps;
}

type EventLogDocument = z.infer<typeof EventLogDocumentSchema>;

export class EventLog {
  private events: MonitorEvent[] = [];
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  /** Writes run one after another so an older document never lands after a newer one. */
  private writing: Promise<void> = Promise.resolve();
  private readonly capacity: number;
  private readonly writeDelayMs: number;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly document: JsonDocumentStore<EventLogDocument>;
  private readonly readOnly: boolean;

  constructor(
    readonly filePath: string,
    options: EventLogOptions = {},
  ) {
    this.capacity = Math.max(1, Math.floor(options.capacity ?? DEFAULT_EVENT_LOG_CAPACITY));
    this.writeDelayMs = Math.max(0, options.writeDelayMs ?? DEFAULT_EVENT_LOG_WRITE_DELAY_MS);
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? ((error) => options.logger?.warn('could not write the event history', error));
    this.readOnly = options.readOnly === true;
    const files = options.files ?? defaultFileOps;
    const write = options.write;
    this.document = new JsonDocumentStore<EventLogDocument>({
      filePath,
      what: 'event history',
      noticeId: 'event-log-corrupt',
      parse: parseEventLogValue,
      // One line: the history can hold hundreds of events.
      serialize: (document) => `${JSON.stringify(document)}\n`,
      now: this.now,
      logger: options.logger,
      readOnly: options.readOnly,
      files: write ? { ...files, writeAtomic: (file, data) => write(file, data) } : files,
    });
  }

  /** Reads the file. Missing = empty; unusable = moved aside, empty, and a notice saying so. Never throws. */
  async load(): Promise<Notice | null> {
    const loaded = await this.document.load();
    if (loaded.status === 'ok') {
      // Anything appended before the load is newer than what the file holds.
      this.events = [...loaded.value.events, ...this.events].slice(-this.capacity);
    }
    return loaded.notice;
  }

  append(events: readonly MonitorEvent[]): void {
    if (events.length === 0) return;
    this.events = [...this.events, ...events].slice(-this.capacity);
    this.dirty = true;
    this.scheduleWrite();
  }

  /** The newest `limit` events, newest first. */
  recent(limit = this.capacity): MonitorEvent[] {
    const count = Math.max(0, Math.floor(limit));
    return count === 0 ? [] : this.events.slice(-count).reverse();
  }

  get size(): number {
    return this.events.length;
  }

  /** Writes pending events now; resolves when they are on disk (rejects if the write failed). */
  async flush(): Promise<void> {
    this.cancelTimer();
    const write = this.writing.catch(() => undefined).then(() => this.writePending());
    this.writing = write;
    await write;
  }

  private async writePending(): Promise<void> {
    if (!this.dirty || this.readOnly) return;
    this.dirty = false;
    const document: EventLogDocument = { version: EVENT_LOG_VERSION, events: this.events };
    try {
      await this.document.save(document);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  private scheduleWrite(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(this.onError);
    }, this.writeDelayMs);
    // A pending history write must not keep the process alive; stop() flushes explicitly.
    this.timer.unref?.();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export type ParsedEventLog = { ok: true; events: MonitorEvent[] } | { ok: false; reason: string };

/** Pure: the text of an event-log file → its events, or why it cannot be used. */
export function parseEventLogDocument(text: string): ParsedEventLog {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Parsers never throw: the reason goes back as a value.
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = parseEventLogValue(doc);
  return parsed.ok ? { ok: true, events: parsed.value.events } : parsed;
}

function parseEventLogValue(doc: unknown): { ok: true; value: EventLogDocument } | { ok: false; reason: string } {
  const result = EventLogDocumentSchema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: result.data };
}
