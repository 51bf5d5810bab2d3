// The one settings file: validated on load, migrated forward, written atomically. A file that
// cannot be read is moved aside (never silently overwritten) and the user is told.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SETTINGS_VERSION, SettingsSchema, applySettingsPatch, type Settings, type SettingsDocumentPatch } from '../api/settings';
import type { Notice } from '../api/schemas';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** migrations[n] turns a version-n document into version n+1. */
export const SETTINGS_MIGRATIONS: Record<number, Migration> = {
  // Version 0 = documents written before the file carried a version: same fields, flat monitor keys.
  0: (doc) => {
    const { pollIntervalSec, source, ...rest } = doc;
    const monitor = { ...(isRecord(rest.monitor) ? rest.monitor : {}) };
    if (pollIntervalSec !== undefined) monitor.pollIntervalSec = pollIntervalSec;
    if (source !== undefined) monitor.source = source;
    return { ...rest, monitor, version: 1 };
  },
};

export interface SettingsLoadResult {
  settings: Settings;
  notice: Notice | null;
}

export class SettingsStore {
  private current: Settings = SettingsSchema.parse({});
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(readonly filePath: string) {}

  static inDataDir(dataDir: string): SettingsStore {
    return new SettingsStore(path.join(dataDir, 'settings.json'));
  }

  get value(): Settings {
    return this.current;
  }

  async load(): Promise<SettingsLoadResult> {
    const text = await readFileIfExists(this.filePath);
    if (text === null) {
      this.current = SettingsSchema.parse({});
      return { settings: this.current, notice: null };
    }
    const parsed = parseSettingsDocument(text);
    if (parsed.ok) {
      this.current = parsed.settings;
      if (parsed.migrated) await this.save();
      return { settings: this.current, notice: null };
    }
    const aside = `${this.filePath}.corrupt-${Date.now()}`;
    await fs.rename(this.filePath, aside).catch(() => undefined);
    this.current = SettingsSchema.parse({});
    return {
      settings: this.current,
      notice: {
        id: 'settings-corrupt',
        level: 'warning',
        message: `Your settings file could not be read (${parsed.reason}); defaults are in use. The old file was kept as ${path.basename(aside)}.`,
      },
    };
  }

  async update(patch: SettingsDocumentPatch): Promise<Settings> {
    this.current = applySettingsPatch(this.current, patch);
    await this.save();
    for (const listener of this.listeners) listener(this.current);
    return this.current;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.filePath, `${JSON.stringify(this.current, null, 2)}\n`);
  }
}

export type ParsedSettings = { ok: true; settings: Settings; migrated: boolean } | { ok: false; reason: string };

/** Pure: text of a settings file → validated, migrated settings, or why not. */
export function parseSettingsDocument(text: string): ParsedSettings {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (!isRecord(doc)) return { ok: false, reason: 'not a JSON object' };
  let version = typeof doc.version === 'number' ? doc.version : 0;
  if (version > SETTINGS_VERSION) return { ok: false, reason: `written by a newer version (settings v${version})` };
  let migrated = false;
  let current: Record<string, unknown> = doc;
  while (version < SETTINGS_VERSION) {
    const migrate = SETTINGS_MIGRATIONS[version];
    if (!migrate) return { ok: false, reason: `no migration from settings v${version}` };
    current = migrate(current);
    version += 1;
    migrated = true;
  }
  const result = SettingsSchema.safeParse(current);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, settings: result.data, migrated };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
