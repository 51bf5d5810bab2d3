import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROGRESS_FILE_NAME, ProgressStore } from '../../../src/core/setup/progress-store';

const BOOT = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('ProgressStore', () => {
  let dataDir = '';
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'progress-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts empty and round-trips through the file', async () => {
    const store = await ProgressStore.load(dataDir, { bootTime: BOOT, now: BOOT + HOUR });
    expect(store.selectedRecipeId).toBeNull();
    expect(store.step('r', 's').status).toBe('pending');
    store.selectRecipe('r');
    store.setStep('r', 's', { status: 'done', startedAt: 1, finishedAt: 2, exitCode: 0, reason: null });
    await store.save();
    const again = await ProgressStore.load(dataDir, { bootTime: BOOT, now: BOOT + HOUR });
    expect(again.selectedRecipeId).toBe('r');
    expect(again.step('r', 's')).toEqual({ status: 'done', startedAt: 1, finishedAt: 2, exitCode: 0, reason: null });
  });

  it('turns a step left running (app quit mid-step) into failed: interrupted', async () => {
    const store = await ProgressStore.load(dataDir, { bootTime: BOOT, now: BOOT + HOUR });
    store.selectRecipe('r');
    store.setStep('r', 's', { status: 'running', startedAt: 5, finishedAt: null, exitCode: null, reason: null });
    await store.save();
    const again = await ProgressStore.load(dataDir, { bootTime: BOOT, now: BOOT + HOUR });
    expect(again.step('r', 's')).toMatchObject({ status: 'failed', reason: 'interrupted', startedAt: 5 });
    const onDisk = JSON.parse(await readFile(path.join(dataDir, PROGRESS_FILE_NAME), 'utf8')) as { recipes: Record<string, Record<string, { status: string }>> };
    expect(onDisk.recipes.r?.s?.status).toBe('failed');
  });

  it('sets a corrupt file aside and starts fresh', async () => {
    await writeFile(path.join(dataDir, PROGRESS_FILE_NAME), '{"version": 1, "recipes": 12');
    const store = await ProgressStore.load(dataDir, { bootTime: BOOT, now: 1234 });
    expect(store.selectedRecipeId).toBeNull();
    const files = await readdir(dataDir);
    expect(files).toContain(`${PROGRESS_FILE_NAME}.corrupt-1234`);
    expect(await readFile(path.join(dataDir, `${PROGRESS_FILE_NAME}.corrupt-1234`), 'utf8')).toBe('{"version": 1, "recipes": 12');
  });

  it('treats a file with the wrong shape as corrupt', async () => {
    await writeFile(path.join(dataDir, PROGRESS_FILE_NAME), JSON.stringify({ version: 1, recipes: { r: { s: { status: 'exploded' } } } }));
    const store = await ProgressStore.load(dataDir, { bootTime: BOOT, now: 99 });
    expect(store.step('r', 's').status).toBe('pending');
    expect(await readdir(dataDir)).toContain(`${PROGRESS_FILE_NAME}.corrupt-99`);
  });

  it('keeps a pending restart until the Mac has booted again', async () => {
    const store = await ProgressStore.load(dataDir, { bootTime: BOOT, now: BOOT + HOUR });
    store.markRestartPending('r', 'approve', BOOT);
    await store.save();
    expect(store.restartPendingStepId('r')).toBe('approve');
    expect(store.restartPendingStepId('other')).toBeNull();

    // Same boot (boot time computed a second apart): still pending.
    const sameBoot = await ProgressStore.load(dataDir, { bootTime: BOOT + 1000, now: BOOT + 2 * HOUR });
    expect(sameBoot.restartPendingStepId('r')).toBe('approve');

    const afterReboot = await ProgressStore.load(dataDir, { bootTime: BOOT + 3 * HOUR, now: BOOT + 3 * HOUR + 60_000 });
    expect(afterReboot.restartPendingStepId('r')).toBeNull();
    const reloaded = await ProgressStore.load(dataDir, { bootTime: BOOT + 3 * HOUR, now: BOOT + 4 * HOUR });
    expect(reloaded.restartPendingStepId('r')).toBeNull();
  });

  it('writes atomically: no temp files are left behind', async () => {
    const store = await ProgressStore.load(dataDir, { bootTime: BOOT, now: BOOT });
    store.selectRecipe('r');
    await Promise.all([store.save(), store.save(), store.save()]);
    expect(await readdir(dataDir)).toEqual([PROGRESS_FILE_NAME]);
  });
});
