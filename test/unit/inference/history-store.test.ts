// The inference history on the shared document store: what a user finds after a crash, a damaged
// file or a folder where the file should be.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../src/core/api/schemas';
import { HISTORY_NOTICE_ID, HistoryStore, type Measurement } from '../../../src/core/inference/history/history-store';

const m = (at: number): Measurement => ({
  at,
  source: 'proxy',
  backend: 'ollama',
  model: 'qwen3:8b',
  onEgpu: true,
  gpu: 'RTX 4090',
  link: 'TB4',
  outcome: 'completed',
  tokensPerSecond: 40,
  ttftMs: 120,
  promptTokensPerSecond: null,
  promptTokens: 10,
  completionTokens: 100,
  estimated: false,
  gbPerSecond: null,
  mbUsed: null,
});

function setUp(): { dir: string; file: string; notices: Notice[]; open: (limit?: number) => HistoryStore } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-hist-'));
  const file = path.join(dir, 'inference-history.json');
  const notices: Notice[] = [];
  const open = (limit?: number) => new HistoryStore(file, limit, undefined, { onNotice: (notice) => notices.push(notice), now: () => 1_700_000_000_000 });
  return { dir, file, notices, open };
}

describe('inference history file', () => {
  it('moves a corrupt history aside with a notice and keeps new measurements in a fresh file', async () => {
    const { dir, file, notices, open } = setUp();
    const damaged = '{"version":1,"measurements":[{"at":1';
    writeFileSync(file, damaged);
    const store = open();
    expect(await store.load()).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ id: HISTORY_NOTICE_ID, level: 'warning' });
    expect(notices[0]?.message).toContain('inference-history.json.corrupt-1700000000000');
    // The damaged file is kept as it was, for a bug report; nothing was overwritten.
    expect(readFileSync(path.join(dir, 'inference-history.json.corrupt-1700000000000'), 'utf8')).toBe(damaged);
    await store.append(m(5));
    expect((await open().load()).map((x) => x.at)).toEqual([5]);
    expect(notices).toHaveLength(1);
  });

  it('sets aside a history with unreadable measurements whole, and carries the readable ones over', async () => {
    const { dir, file, notices, open } = setUp();
    writeFileSync(file, JSON.stringify({ version: 1, measurements: [m(1), { at: 'x' }, m(2)], slowWarningDismissedAt: 2 }));
    const store = open();
    expect((await store.load()).map((x) => x.at)).toEqual([1, 2]);
    expect(await store.slowWarningDismissedAt()).toBe(2);
    expect(notices[0]?.message).toContain('1 of 3 measurements are unreadable');
    expect(notices[0]?.message).toContain('its 2 readable measurements were kept');
    expect(readdirSync(dir).sort()).toEqual(['inference-history.json.corrupt-1700000000000']);
    await store.append(m(3));
    expect((await open().load()).map((x) => x.at)).toEqual([1, 2, 3]);
  });

  it('moves a folder in the file’s place aside and records new measurements', async () => {
    const { dir, file, notices, open } = setUp();
    mkdirSync(file);
    writeFileSync(path.join(file, 'something.txt'), 'kept');
    const store = open();
    expect(await store.load()).toEqual([]);
    expect(notices[0]?.message).toContain('it is a folder, not a file');
    await store.append(m(7));
    await store.append(m(8));
    expect(statSync(file).isFile()).toBe(true);
    expect((await open().load()).map((x) => x.at)).toEqual([7, 8]);
    expect(readFileSync(path.join(dir, 'inference-history.json.unreadable-1700000000000', 'something.txt'), 'utf8')).toBe('kept');
  });

  it('removes temp files left by a writer killed during a save, and only those', async () => {
    const { dir, file, open } = setUp();
    writeFileSync(file, JSON.stringify({ version: 1, measurements: [m(1)] }));
    // Full copies a killed writer (no such process) left behind, like kill -9 during saves did.
    const deadWriter = [`inference-history.json.999999999.0a1b2c3d.tmp`, `inference-history.json.999999998.deadbeef.tmp`];
    const foreign = ['inference-history.json.backup.tmp', 'notes.tmp', `settings.json.999999999.0a1b2c3d.tmp`];
    for (const name of [...deadWriter, ...foreign]) writeFileSync(path.join(dir, name), 'copy');
    expect((await open().load()).map((x) => x.at)).toEqual([1]);
    for (const name of deadWriter) expect(existsSync(path.join(dir, name))).toBe(false);
    for (const name of foreign) expect(existsSync(path.join(dir, name))).toBe(true);
  });

  it('only reads in a host that only looks: a corrupt file stays where it is', async () => {
    const { dir, file } = setUp();
    writeFileSync(file, 'not json');
    const notices: Notice[] = [];
    const store = new HistoryStore(file, undefined, undefined, { readOnly: true, onNotice: (notice) => notices.push(notice) });
    expect(await store.load()).toEqual([]);
    expect(readdirSync(dir)).toEqual(['inference-history.json']);
    expect(notices[0]?.message).toContain('was left as it is');
    await expect(store.append(m(1))).rejects.toThrow(/only reads/);
  });
});
