// The one settings file: validated on load, migrated forward, written atomically. A file that
// cannot be read is moved aside (never silently overwritten) and the user is told. Updates are
// serialized and change the settings in use only once they are on disk.
import path from 'node:path';
import { DEFAULT_METERING_ROUTE, SETTINGS_VERSION, SettingsSchema, applySettingsPatch, type Settings, type SettingsDocumentPatch } from '../api/settings';
import type { Notice } from '../api/schemas';
import { describeError, type LoggerPort } from '../platform/logger';
import type { DocumentFileOps } from './document-files';
import { JsonDocumentStore } from './json-document-store';

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
  // Version 1 had one metering proxy (`inference.proxy.port` → `target`): it becomes the first route.
  1: (doc) => {
    const inference = isRecord(doc.inference) ? doc.inference : null;
    const proxy = inference && isRecord(inference.proxy) ? inference.proxy : null;
    if (!inference || !proxy || proxy.routes !== undefined) return { ...doc, version: 2 };
    const { port, target, ...rest } = proxy;
    const route = { listen: port ?? DEFAULT_METERING_ROUTE.listen, target: target ?? DEFAULT_METERING_ROUTE.target };
    return { ...doc, version: 2, inference: { ...inference, proxy: { ...rest, routes: [route] } } };
  },
};

export interface SettingsLoadResult {
  settings: Settings;
  notice: Notice | null;
}

export interface SettingsStoreOptions {
  logger?: LoggerPort;
  /** watch/status: read the file, never write it. */
  readOnly?: boolean;
  files?: DocumentFileOps;
  now?: () => number;
}

export class SettingsStore {
  private current: Settings = SettingsSchema.parse({});
  private readonly listeners = new Set<(settings: Settings) => void>();
  private readonly document: JsonDocumentStore<Settings>;
  /** Updates apply one after another, each to the settings the previous one left. */
  private updating: Promise<unknown> = Promise.resolve();

  constructor(
    readonly filePath: string,
    private readonly options: SettingsStoreOptions = {},
  ) {
    this.document = new JsonDocumentStore<Settings>({
      filePath,
      what: 'settings',
      noticeId: 'settings-corrupt',
      parse: parseSettingsValue,
      logger: options.logger,
      readOnly: options.readOnly,
      files: options.files,
      now: options.now,
    });
  }

  static inDataDir(dataDir: string, options: SettingsStoreOptions = {}): SettingsStore {
    return new SettingsStore(path.join(dataDir, 'settings.json'), options);
  }

  get value(): Settings {
    return this.current;
  }

  async load(): Promise<SettingsLoadResult> {
    const loaded = await this.document.load();
    this.current = loaded.status === 'ok' ? loaded.value : SettingsSchema.parse({});
    if (loaded.status === 'ok' && loaded.migrated && !this.document.readOnly) {
      // The migrated form is already in use; writing it back can wait for a writable disk.
      await this.document.save(this.current).catch((error: unknown) => this.options.logger?.warn(describeError(error)));
    }
    return { settings: this.current, notice: loaded.notice };
  }

  /** Resolves once the new settings are on disk; if the save fails, nothing changed. */
  update(patch: SettingsDocumentPatch): Promise<Settings> {
    const run = this.updating.then(async () => {
      const next = applySettingsPatch(this.current, patch);
      await this.document.save(next);
      this.current = next;
      for (const listener of this.listeners) listener(next);
      return next;
    });
    this.updating = run.catch(() => undefined);
    return run;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export type ParsedSettings = { ok: true; settings: Settings; migrated: boolean } | { ok: false; reason: string };

/** Pure: text of a settings file → validated, migrated settings, or why not. */
export function parseSettingsDocument(text: string): ParsedSettings {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Parsers never throw: the reason goes back as a value.
    return { ok: false, reason: 'not valid JSON' };
  }
  return parseSettingsObject(doc);
}

function parseSettingsValue(raw: unknown): { ok: true; value: Settings; migrated: boolean } | { ok: false; reason: string } {
  const parsed = parseSettingsObject(raw);
  return parsed.ok ? { ok: true, value: parsed.settings, migrated: parsed.migrated } : parsed;
}

function parseSettingsObject(doc: unknown): ParsedSettings {
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
