import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import { SettingsStore, parseSettingsDocument } from '../../../src/core/store/settings-store';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'egpu-settings-'));

describe('settings store', () => {
  it('starts from defaults when there is no file, and persists updates', async () => {
    const dir = tempDir();
    const store = SettingsStore.inDataDir(dir);
    expect((await store.load()).settings).toEqual(DEFAULT_SETTINGS);
    await store.update({ monitor: { pollIntervalSec: 5 }, notifications: { link: false } });
    const reread = SettingsStore.inDataDir(dir);
    const { settings } = await reread.load();
    expect(settings.monitor.pollIntervalSec).toBe(5);
    expect(settings.notifications.link).toBe(false);
    expect(settings.notifications.hotPlug).toBe(true);
  });

  it('moves a corrupted file aside, uses defaults and says so', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), '{"version":1, "monitor": {"pollIntervalSec": ');
    const { settings, notice } = await SettingsStore.inDataDir(dir).load();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notice?.message).toMatch(/could not be read \(not valid JSON\).*kept as settings\.json\.corrupt-/);
    const files = readdirSync(dir);
    expect(files.some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
    expect(files).not.toContain('settings.json');
  });

  it('rejects values out of range instead of storing them', async () => {
    const store = SettingsStore.inDataDir(tempDir());
    await store.load();
    await expect(store.update({ monitor: { pollIntervalSec: 600 } })).rejects.toThrow();
    expect(store.value.monitor.pollIntervalSec).toBe(2);
  });

  it('migrates a version-0 document forward and rewrites it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ pollIntervalSec: 10, source: 'tinygpu-app' }));
    const { settings, notice } = await SettingsStore.inDataDir(dir).load();
    expect(notice).toBeNull();
    expect(settings.monitor.pollIntervalSec).toBe(10);
    expect(settings.monitor.source).toBe('tinygpu-app');
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')).version).toBe(2);
  });

  it('keeps a version-1 metering proxy (port, target, auto-start) working as the first route', async () => {
    const dir = tempDir();
    const v1 = { version: 1, inference: { proxy: { autoStart: true, port: 12001, target: 'http://127.0.0.1:1234/v1' }, metricsExport: true } };
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(v1));
    const { settings, notice } = await SettingsStore.inDataDir(dir).load();
    expect(notice).toBeNull();
    expect(settings.inference.proxy).toEqual({ autoStart: true, routes: [{ listen: 12001, target: 'http://127.0.0.1:1234/v1' }] });
    expect(settings.inference.metricsExport).toBe(true);
    const rewritten = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(rewritten.version).toBe(2);
    expect(rewritten.inference.proxy).not.toHaveProperty('port');
  });

  it('a version-1 file that only turned auto-start on gets the default Ollama route', () => {
    const parsed = parseSettingsDocument(JSON.stringify({ version: 1, inference: { proxy: { autoStart: true } } }));
    expect(parsed.ok && parsed.settings.inference.proxy).toEqual({ autoStart: true, routes: [{ listen: 11435, target: 'http://127.0.0.1:11434' }] });
  });

  it('refuses two routes on one port', () => {
    const routes = [{ listen: 11435, target: 'http://127.0.0.1:11434' }, { listen: 11435, target: 'http://127.0.0.1:1234' }];
    expect(parseSettingsDocument(JSON.stringify({ version: 2, inference: { proxy: { routes } } })).ok).toBe(false);
  });

  it('refuses a document from a newer version rather than losing its fields', () => {
    expect(parseSettingsDocument(JSON.stringify({ version: 99 }))).toEqual({ ok: false, reason: 'written by a newer version (settings v99)' });
  });
});
