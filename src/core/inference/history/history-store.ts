// Every measurement, bounded, in one JSON file written atomically (a crash mid-write leaves the
// previous file), with when the user dismissed the slow-eGPU warning (so it stays dismissed across
// a restart). Small load/append API so the storage can move to a shared document store.
import { z } from 'zod';
import { MeasurementSchema, type Measurement } from '../../api/inference';
import { readFileIfExists, writeFileAtomic } from '../../store/atomic-file';
import { describeError, nullLogger, type LoggerPort } from '../../platform/logger';

export { MeasurementSchema, type Measurement } from '../../api/inference';

const FileSchema = z.object({ version: z.literal(1), measurements: z.array(z.unknown()), slowWarningDismissedAt: z.number().nullable().optional() });
export const DEFAULT_HISTORY_LIMIT = 2000;

export class HistoryStore {
  private items: Measurement[] | null = null;
  private dismissedAt: number | null = null;
  private loading: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly limit = DEFAULT_HISTORY_LIMIT,
    private readonly logger: LoggerPort = nullLogger,
  ) {}

  /** Reads the file once; an unreadable file or entry is skipped, never fatal. */
  async load(): Promise<Measurement[]> {
    this.loading ??= this.read();
    await this.loading;
    return [...this.items!];
  }

  private async read(): Promise<void> {
    let text: string | null = null;
    try {
      text = await readFileIfExists(this.file);
    } catch (error) {
      this.logger.warn('inference history could not be read', describeError(error));
    }
    const doc = text === null ? { measurements: [], slowWarningDismissedAt: null } : decode(text, this.logger);
    this.items = doc.measurements.slice(-this.limit);
    this.dismissedAt = doc.slowWarningDismissedAt;
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

  /** Appends and writes; concurrent appends are serialised so none is lost. */
  async append(measurement: Measurement): Promise<void> {
    await this.load();
    const items = this.items!;
    items.push(MeasurementSchema.parse(measurement));
    if (items.length > this.limit) items.splice(0, items.length - this.limit);
    await this.save();
  }

  private async save(): Promise<void> {
    const text = JSON.stringify({ version: 1, measurements: this.items ?? [], slowWarningDismissedAt: this.dismissedAt });
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.file, text));
    await this.writing;
  }
}

function decode(text: string, logger: LoggerPort): { measurements: Measurement[]; slowWarningDismissedAt: number | null } {
  const none = { measurements: [], slowWarningDismissedAt: null };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    logger.warn('inference history is not JSON; starting a new one', describeError(error));
    return none;
  }
  const file = FileSchema.safeParse(doc);
  if (!file.success) return none;
  const out: Measurement[] = [];
  for (const entry of file.data.measurements) {
    const m = MeasurementSchema.safeParse(entry);
    if (m.success) out.push(m.data);
    else logger.debug('inference history: skipped an unreadable entry');
  }
  return { measurements: out, slowWarningDismissedAt: file.data.slowWarningDismissedAt ?? null };
}
