// The doctor's memory in the data folder (doctor.json, through the shared document store): the last
// compute check and the last measured copy rate per card, so "Ready" stays honest across a restart.
import path from 'node:path';
import { z } from 'zod';
import { ComputeCheckRecordSchema, CopyRatesSchema, type ComputeCheckRecord, type CopyRates } from '../api/doctor';
import type { Notice } from '../api/schemas';
import type { LoggerPort } from '../platform/logger';
import { JsonDocumentStore } from '../store/json-document-store';

const MeasuredRateSchema = CopyRatesSchema.extend({ at: z.number(), name: z.string().nullable().default(null) });
export type MeasuredRate = z.infer<typeof MeasuredRateSchema>;

export const DoctorDocumentSchema = z.object({
  version: z.literal(1),
  lastCompute: ComputeCheckRecordSchema.nullable(),
  /** Keyed by "vendorId:deviceId". */
  rates: z.record(z.string(), MeasuredRateSchema),
});
export type DoctorDocument = z.infer<typeof DoctorDocumentSchema>;

const EMPTY: DoctorDocument = { version: 1, lastCompute: null, rates: {} };
/** Cards remembered; an old one is dropped first. */
const MAX_CARDS = 20;

export class DoctorStore {
  private doc: DoctorDocument = EMPTY;
  private readonly document: JsonDocumentStore<DoctorDocument>;

  constructor(dataDir: string, options: { logger?: LoggerPort; readOnly?: boolean; now?: () => number } = {}) {
    this.document = new JsonDocumentStore<DoctorDocument>({
      filePath: path.join(dataDir, 'doctor.json'),
      what: 'eGPU check results',
      noticeId: 'doctor-file',
      parse: (raw) => {
        const parsed = DoctorDocumentSchema.safeParse(raw);
        return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'it is not a doctor results file' };
      },
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.now ? { now: options.now } : {}),
      readOnly: options.readOnly === true,
    });
  }

  /** Never throws; a corrupt file is moved aside and its notice returned. */
  async load(): Promise<Notice | null> {
    const loaded = await this.document.load();
    this.doc = loaded.value ?? EMPTY;
    return loaded.notice;
  }

  get lastCompute(): ComputeCheckRecord | null {
    return this.doc.lastCompute;
  }

  /** The last rate of a card, by its PCI ids or, where a source gives none, by its name. */
  rate(card: { key: string | null; name: string | null }): (MeasuredRate & { deviceKey: string }) | null {
    const byKey = card.key === null ? undefined : this.doc.rates[card.key];
    if (byKey && card.key !== null) return { ...byKey, deviceKey: card.key };
    const name = card.name?.toLowerCase();
    const hit = name ? Object.entries(this.doc.rates).find(([, r]) => r.name?.toLowerCase() === name) : undefined;
    return hit ? { ...hit[1], deviceKey: hit[0] } : null;
  }

  async record(check: ComputeCheckRecord | null, rate: { deviceKey: string; name: string | null; copy: CopyRates; at: number } | null): Promise<void> {
    let rates = this.doc.rates;
    if (rate) {
      const entries = Object.entries({ ...rates, [rate.deviceKey]: { ...rate.copy, at: rate.at, name: rate.name } }).sort(([, a], [, b]) => b.at - a.at);
      rates = Object.fromEntries(entries.slice(0, MAX_CARDS));
    }
    this.doc = { version: 1, lastCompute: check, rates };
    if (!this.document.readOnly) await this.document.save(this.doc);
  }
}
