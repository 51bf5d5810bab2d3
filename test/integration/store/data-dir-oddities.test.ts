// Odd things in the data folder that used to stop every start or mislead the user: a folder named
// like the owner record, a file named like the lock, temp files of writers killed mid-save.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCompanion } from '../../../src/core/companion';
import { acquireDataDirLock, LOCK_DIR_NAME, OWNER_FILE_NAME } from '../../../src/core/store/data-dir-lock';

const NOW = 1_700_000_000_000;
const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'egpu-oddities-'));

describe('the data folder at start', () => {
  it('moves a folder named writer-owner.json aside with a notice and starts', async () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, OWNER_FILE_NAME));
    writeFileSync(path.join(dir, OWNER_FILE_NAME, 'inside.txt'), 'kept');
    const lock = await acquireDataDirLock(dir, { host: 'test', now: () => NOW });
    try {
      expect(lock.notices).toHaveLength(1);
      expect(lock.notices[0]).toMatchObject({ id: 'data-folder-writer-owner-json', level: 'warning' });
      expect(lock.notices[0]?.message).toContain(`had a folder named ${OWNER_FILE_NAME}`);
      expect(readFileSync(path.join(dir, `${OWNER_FILE_NAME}.unexpected-${NOW}`, 'inside.txt'), 'utf8')).toBe('kept');
      expect(JSON.parse(readFileSync(path.join(dir, OWNER_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid, host: 'test' });

      // The notice reaches the popover's notice board.
      const core = createCompanion({ dataDir: dir, transport: 'direct', notices: lock.notices });
      try {
        await core.start();
        expect((await core.getState({})).notices.map((notice) => notice.id)).toContain('data-folder-writer-owner-json');
      } finally {
        await core.stop();
      }
    } finally {
      await lock.release();
    }
    const again = await acquireDataDirLock(dir, { host: 'test' });
    expect(again.notices).toEqual([]);
    await again.release();
  });

  it('moves a regular file named writer.lock aside instead of blaming another eGPU Companion', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, LOCK_DIR_NAME), 'not a lock');
    const lock = await acquireDataDirLock(dir, { host: 'test', now: () => NOW });
    try {
      expect(lock.notices.map((notice) => notice.message)).toEqual([expect.stringContaining(`had a file named ${LOCK_DIR_NAME}`)]);
      expect(readFileSync(path.join(dir, `${LOCK_DIR_NAME}.unexpected-${NOW}`), 'utf8')).toBe('not a lock');
      expect(statSync(path.join(dir, LOCK_DIR_NAME)).isDirectory()).toBe(true);
    } finally {
      await lock.release();
    }
  });

  it('removes temp files of writers killed mid-save, and nothing else', async () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, 'diagnostics'));
    const orphans = ['settings.json.999999999.0a1b2c3d.tmp', 'events.json.999999998.deadbeef.tmp', path.join('diagnostics', 'report.txt.999999997.00ff00ff.tmp')];
    const others = [
      'settings.json',
      'notes.tmp',
      'settings.json.backup.tmp',
      'settings.json.999999999.0a1b2c3d.tmp.keep',
      'settings.json.999999999.xyz.tmp',
      // A writer that still runs (our parent) and this process itself: their saves may be in flight.
      `settings.json.${process.ppid}.0a1b2c3d.tmp`,
      `events.json.${process.pid}.0a1b2c3d.tmp`,
    ];
    for (const name of [...orphans, ...others]) writeFileSync(path.join(dir, name), 'x');
    const lock = await acquireDataDirLock(dir, { host: 'test' });
    try {
      for (const name of orphans) expect(existsSync(path.join(dir, name)), name).toBe(false);
      for (const name of others) expect(existsSync(path.join(dir, name)), name).toBe(true);
      expect(readdirSync(path.join(dir, 'diagnostics'))).toEqual([]);
    } finally {
      await lock.release();
    }
  });
});
