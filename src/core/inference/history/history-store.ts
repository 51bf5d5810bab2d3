// Every measurement, bounded, in one JSON file on the shared document store (atomic writes, saves
// serialized, temp files of killed writers removed), with when the user dismissed the slow-eGPU
// warning (so it stays dismissed across a restart). A file that cannot be used is moved aside with
// a notice, never silently replaced; the readable measurements in it are carried over.
import { z } from 'zod';
import { MeasurementSchema, type Measurement } from '../../api/inference';
import type { Notice } from '../../api/schemas';
import { nullLogger, type LoggerPort } from '../../platform/logger';
import type { DocumentFileOps } from '../../store/document-files';
import { JsonDocumentStore, type DocumentParse } from '../../store/json-document-store';

export { MeasurementSchema, type Measurement } from '../../api/inference';

const FileSchema = z.object({ version: z.literal(1), measurements: z.array(z.unknown()), slowWarningDismissedAt: z.number().nullable().optional() });
export const DEFAULT_HISTORY_LIMIT = 2000;
export const HISTORY_NOTICE_ID = 'inference-history-unreadable';

interface HistoryDocument {
  measurements: Measurement[];
  slowWarningDismissedAt: number | null;
}

export interface HistoryStoreOptions {
  /** A history file that could not be used was moved aside: tell the user (the app's notice board). */
  onNotice?: (notice: Notice) => void;
  /** Hosts that only look (watch, status) never move, delete or write the file. */
  readOnly?: boolean;
  files?: DocumentFileOps;
  now?: () => number;
}

export class HistoryStore {
  private items: Measurement[] | null = null;
  private dismissedAt: number | null = null;
  private loading: Promise<void> | null = null;
  private readonly document: JsonDocumentStore<HistoryDocument>;
  /** Readable measurements of a file that was set aside because some of it was not. */
  private salvaged: HistoryDocument | null = null;

  constructor(
    file: string,
    private readonly limit = DEFAULT_HISTORY_LIMIT,
    private readonly logger: LoggerPort = nullLogger,
    private readonly options: HistoryStoreOptions = {},
  ) {
    this.document = new JsonDocumentStore<HistoryDocument>({
      filePath: file,
      what: 'inference history',
      noticeId: HISTORY_NOTICE_ID,
      parse: this.parse,
      serialize: (doc) => JSON.stringify({ version: 1, ...doc }),
      logger,
      readOnly: options.readOnly,
      files: options.files,
      now: options.now,
    });
  }

  /** Reads the file once; never throws. */
  async load(): Promise<Measurement[]> {
    this.loading ??= this.read();
    await this.loading;
    return [...this.items!];
  }

  /** The time of the measurement whose slow-eGPU warning the user dismissed; null when none was. */
  async slowWarningDismissedAt(): Promise<number | null> {
    await this.load();
    return this.dismissedAt;
  }

  async dismissSlowWarning(measurementAt: number): Promise<void> {
    await this.load();
    this.dismissedAt = measurementAt;
    await this.save();
  }

  /** Appends and writes; concurrent appends are serialised by the store so none is lost. */
  async append(measurement: Measurement): Promise<void> {
    await this.load();
    const items = this.items!;
    items.push(MeasurementSchema.parse(measurement));
    if (items.length > this.limit) items.splice(0, items.length - this.limit);
    await this.save();
  }

  private async read(): Promise<void> {
    const loaded = await this.document.load();
    const doc = loaded.status === 'ok' ? loaded.value : (this.salvaged ?? { measurements: [], slowWarningDismissedAt: null });
    this.items = doc.measurements.slice(-this.limit);
    this.dismissedAt = doc.slowWarningDismissedAt;
    if (loaded.notice) this.options.onNotice?.(this.withSalvage(loaded.notice));
    this.salvaged = null;
  }

  private save(): Promise<void> {
    return this.document.save({ measurements: [...(this.items ?? [])], slowWarningDismissedAt: this.dismissedAt });
  }

  /** All or nothing: a file with unreadable measurements is set aside whole (kept for a bug report), the readable ones carried over. */
  private readonly parse: DocumentParse<HistoryDocument> = (raw) => {
    const file = FileSchema.safeParse(raw);
    if (!file.success) return { ok: false, reason: 'not an inference history file' };
    const measurements: Measurement[] = [];
    for (const entry of file.data.measurements) {
      const parsed = MeasurementSchema.safeParse(entry);
      if (parsed.success) measurements.push(parsed.data);
    }
    const doc = { measurements, slowWarningDismissedAt: file.data.slowWarningDismissedAt ?? null };
    const unreadable = file.data.measurements.length - measurements.length;
    if (unreadable === 0) return { ok: true, value: doc };
    this.salvaged = doc;
    return { ok: false, reason: `${unreadable} of ${file.data.measurements.length} measurements are unreadable` };
  };

  private withSalvage(notice: Notice): Notice {
    const carried = this.salvaged?.measurements.length ?? 0;
    if (carried === 0) return notice;
    const message = notice.message.replace('the inference history starts empty', `its ${carried} readable measurements were kept`);
    return { ...notice, message };
  }
}
