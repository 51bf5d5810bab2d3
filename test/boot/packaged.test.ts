// The same boot with the packaged layout: resources come from process.resourcesPath, filled from
// electron-builder.yml's extraResources exactly as electron-builder would.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calls, REPO_ROOT, startBootedApp, type BootedApp } from './harness';
import { expectCleanQuit, expectEveryCommandHandled, expectSecurePopover, expectTrayFor, getState, invoke } from './checks';

describe('the built main process (packaged layout)', () => {
  let app: BootedApp | null = null;
  afterEach(async () => {
    await app?.dispose();
    app = null;
  });

  it('finds recipes, tray icons and gpu-support.json in Contents/Resources', async () => {
    app = startBootedApp({ packaged: true });
    const resources = app.resourcesPath ?? '';
    for (const entry of ['recipes', 'tray', 'gpu-support.json']) expect(existsSync(path.join(resources, entry)), entry).toBe(true);

    const frameUrl = await expectSecurePopover(app);
    expect(calls(app.records(), 'app#1', 'setAsDefaultProtocolClient').map((record) => record.args[0])).toEqual(['egpu-companion']);
    await expectEveryCommandHandled(app, frameUrl);

    const state = await getState(app, frameUrl);
    await expectTrayFor(app, path.join(resources, 'tray'), state.tray);

    // The real recipes, read from the packaged folder (the checkout's would have the same ids, so
    // check the folder was really the one read: its recipe files are what the wizard offers).
    const overview = (await invoke(app, frameUrl, 'setupOverview', {})) as { value: { recipes: Array<{ id: string }>; recipeErrors: string[] } };
    const packagedIds = readdirSync(path.join(resources, 'recipes')).map((file) => path.basename(file, '.json'));
    expect(overview.value.recipeErrors).toEqual([]);
    expect(overview.value.recipes.map((recipe) => recipe.id).sort()).toEqual(packagedIds.sort());
    expect(packagedIds.length).toBeGreaterThan(0);
    expect(existsSync(path.join(REPO_ROOT, 'resources', 'recipes'))).toBe(true);

    await expectCleanQuit(app);
  });
});
