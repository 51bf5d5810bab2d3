// The shared document store, through the stores built on it: what a user sees when the data folder
// is damaged, and that nothing acknowledged is lost.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import { ProgressStore, PROGRESS_FILE_NAME } from '../../../src/core/setup/progress-store';
import { defaultFileOps, type DocumentFileOps } from '../../../src/core/store/document-files';
import { EventLog } from '../../../src/core/store/event-log';
import { JsonDocumentStore } from '../../../src/core/store/json-document-store';
import { SettingsStore } from '../../../src/core/store/settings-store';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'egpu-docstore-'));
const fsError = (code: string) => Object.assign(new Error(`${code}: refused`), { code });
const readOnlyFolder: DocumentFileOps = {
  ...defaultFileOps,
  writeAtomic: () => Promise.reject(fsError('EACCES')),
  rename: () => Promise.reject(fsError('EACCES')),
};

describe('settings saves', () => {
  it('land in the order they were made, each on top of the one before', async () => {
    const dir = tempDir();
    const store = SettingsStore.inDataDir(dir);
    await store.load();
    const first = store.update({ monitor: { pollIntervalSec: 3 } });
    const second = store.update({ monitor: { pollIntervalSec: 7 }, launchAtLogin: true });
    const third = store.update({ notifications: { link: false } });
    await Promise.all([first, second, third]);
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.monitor.pollIntervalSec).toBe(7);
    expect(onDisk.launchAtLogin).toBe(true);
    expect(onDisk.notifications.link).toBe(false);
    expect(store.value).toEqual(onDisk);
  });

  it('leave the settings in use unchanged when the disk refuses, and name the file', async () => {
    const dir = tempDir();
    const store = SettingsStore.inDataDir(dir, { files: readOnlyFolder });
    await store.load();
    const seen: number[] = [];
    store.onChange((settings) => seen.push(settings.monitor.pollIntervalSec));
    await expect(store.update({ monitor: { pollIntervalSec: 9 } })).rejects.toThrow(
      `could not save the settings to ${path.join(dir, 'settings.json')}: permission denied`,
    );
    expect(store.value.monitor.pollIntervalSec).toBe(DEFAULT_SETTINGS.monitor.pollIntervalSec);
    expect(seen).toEqual([]);
  });
});

describe('a damaged data folder', () => {
  it('a folder in place of settings.json: starts with defaults, says so with the path, and saves again', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    mkdirSync(file);
    const store = SettingsStore.inDataDir(dir);
    const { settings, notice } = await store.load();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notice?.message).toContain(`${file} could not be read (it is a folder, not a file)`);
    expect(notice?.message).toMatch(/kept as settings\.json\.unreadable-\d+/);
    await store.update({ launchAtLogin: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).launchAtLogin).toBe(true);
  });

  it('a folder in place of events.json: the history starts empty with a notice and keeps recording', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.json');
    mkdirSync(file);
    const log = new EventLog(file);
    const notice = await log.load();
    expect(notice?.message).toContain(`${file} could not be read (it is a folder, not a file)`);
    log.append([{ at: 1, kind: 'device-connected', severity: 'info', message: 'eGPU connected', deviceKey: null }]);
    await log.flush();
    expect(JSON.parse(readFileSync(file, 'utf8')).events).toHaveLength(1);
  });

  it('a corrupt file that cannot be moved: the notice says it was left in place, not moved', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, '{"version": 1, "monitor": ');
    const { notice } = await SettingsStore.inDataDir(dir, { files: readOnlyFolder }).load();
    expect(notice?.message).toContain('could not be read (not valid JSON); defaults are in use');
    expect(notice?.message).toContain(`The file was left as it is (permission denied); changes cannot be saved until ${file} is fixed or removed.`);
    expect(notice?.message).not.toMatch(/kept as/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1, "monitor": ');
  });

  it('a corrupt setup progress starts over and says so', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, PROGRESS_FILE_NAME), '{"version": 1, "recipes": 12');
    const store = await ProgressStore.load(dir, { bootTime: 0, now: 42 });
    expect(store.notice).toMatchObject({ id: 'setup-progress-unreadable', level: 'warning' });
    expect(store.notice?.message).toContain(`The setup progress file ${path.join(dir, PROGRESS_FILE_NAME)} could not be read`);
    expect(store.notice?.message).toContain(`kept as ${PROGRESS_FILE_NAME}.corrupt-42`);
  });

  it('an unreadable setup progress does not fail the load, so setup keeps working', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, PROGRESS_FILE_NAME));
    const store = await ProgressStore.load(dir, { bootTime: 0, now: 7 });
    expect(store.notice?.message).toContain('it is a folder, not a file');
    store.selectRecipe('tinygrad-nvidia');
    await store.save();
    const reloaded = await ProgressStore.load(dir, { bootTime: 0, now: 8 });
    expect(reloaded.selectedRecipeId).toBe('tinygrad-nvidia');
    expect(reloaded.notice).toBeNull();
  });

  it('a good file is loaded without a notice', async () => {
    const dir = tempDir();
    const store = SettingsStore.inDataDir(dir);
    await store.update({ launchAtLogin: true });
    const { settings, notice } = await SettingsStore.inDataDir(dir).load();
    expect(notice).toBeNull();
    expect(settings.launchAtLogin).toBe(true);
  });
});

describe('temp files of interrupted saves', () => {
  const doc = (dir: string) =>
    new JsonDocumentStore({ filePath: path.join(dir, 'doc.json'), what: 'test', noticeId: 'test', parse: (raw) => {
      const result = z.object({ n: z.number() }).safeParse(raw);
      return result.success ? { ok: true, value: result.data } : { ok: false, reason: 'invalid' };
    } });

  it('are removed at the next start when their writer is gone', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'doc.json'), '{"n": 1}');
    // PIDs above the kernel's maximum never belong to a running process.
    writeFileSync(path.join(dir, 'doc.json.99999999.0a1b2c3d.tmp'), '{"n": 2');
    writeFileSync(path.join(dir, 'doc.json.99999998.deadbeef.tmp'), '');
    const loaded = await doc(dir).load();
    expect(loaded).toMatchObject({ status: 'ok', value: { n: 1 } });
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });

  it('of a writer that is still running, and other files, are left alone', async () => {
    const dir = tempDir();
    const live = `doc.json.${process.ppid}.0a1b2c3d.tmp`;
    writeFileSync(path.join(dir, live), '{}');
    writeFileSync(path.join(dir, 'other.json.99999999.0a1b2c3d.tmp'), '{}');
    writeFileSync(path.join(dir, 'doc.json.notes.tmp'), '{}');
    await doc(dir).load();
    expect(readdirSync(dir).sort()).toEqual(['doc.json.notes.tmp', live, 'other.json.99999999.0a1b2c3d.tmp'].sort());
  });

  it('are not touched by a reader that only looks', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'doc.json.99999999.0a1b2c3d.tmp'), '{');
    writeFileSync(path.join(dir, 'doc.json'), 'garbage');
    const reader = new JsonDocumentStore({ filePath: path.join(dir, 'doc.json'), what: 'test', noticeId: 'test', readOnly: true, parse: () => ({ ok: false, reason: 'never' }) });
    const loaded = await reader.load();
    expect(loaded.status).toBe('corrupt');
    expect(readdirSync(dir).sort()).toEqual(['doc.json', 'doc.json.99999999.0a1b2c3d.tmp']);
    await expect(reader.save({})).rejects.toThrow(/only reads the data folder/);
  });
});

describe('read-only hosts (watch, status)', () => {
  it('keep events in memory and never write the history, nor move a damaged settings file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), 'not json');
    const settings = SettingsStore.inDataDir(dir, { readOnly: true });
    const { notice } = await settings.load();
    expect(notice?.message).toContain('left as it is (this process only reads the data folder)');
    await expect(settings.update({ launchAtLogin: true })).rejects.toThrow(/only reads the data folder/);

    const log = new EventLog(path.join(dir, 'events.json'), { readOnly: true });
    await log.load();
    log.append([{ at: 1, kind: 'device-connected', severity: 'info', message: 'eGPU connected', deviceKey: null }]);
    await log.flush();
    expect(log.recent(5)).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
