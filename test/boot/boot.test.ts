// The built main process, started under Node with the Electron double: checkout layout, simulator.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calls, REPO_ROOT, startBootedApp, type BootedApp } from './harness';

const FAKE_PMSET = path.join(REPO_ROOT, 'test', 'fixtures', 'power', 'bin', 'pmset');
import { expectCleanQuit, expectEveryCommandHandled, expectSecurePopover, expectTrayFor, getState, invoke } from './checks';

describe('the built main process (checkout layout, simulated eGPU)', () => {
  let app: BootedApp | null = null;
  afterEach(async () => {
    await app?.dispose();
    app = null;
  });

  it('boots to a tray and a secure popover, serves every command over IPC and quits cleanly', async () => {
    // pmset at a path from settings (a recorded fake): the app must run that one, not /usr/bin/pmset.
    app = startBootedApp({ packaged: false, settings: { version: 1, monitor: { paths: { pmset: FAKE_PMSET } } } });
    const frameUrl = await expectSecurePopover(app);
    expect(calls(app.records(), 'app#1', 'ready')).toHaveLength(1);
    expect(calls(app.records(), 'app#1', 'getPath').map((record) => record.args[0])).toContain('userData');

    await expectEveryCommandHandled(app, frameUrl);

    // The simulator starts with a connected RTX 4090: wait for the first poll to see it, and for pmset's reading.
    let state = await getState(app, frameUrl);
    const deadline = Date.now() + 30_000;
    while ((state.devices.length === 0 || state.power?.sleepTimerMin == null) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await getState(app, frameUrl);
    }
    expect(state.devices.map((device) => device.name).join()).toMatch(/4090/);
    expect(state.power).toMatchObject({ supported: true, sleepTimerMin: 10, preventedBy: ['caffeinate', 'Music'] });
    await expectTrayFor(app, path.join(REPO_ROOT, 'resources', 'tray'), state.tray);

    // Data stays in the temp HOME; the demo recipes are used, never the real installers.
    const overview = (await invoke(app, frameUrl, 'setupOverview', {})) as { value: { recipes: Array<{ id: string }> } };
    expect(overview.value.recipes.map((recipe) => recipe.id)).toEqual(['demo-nvidia']);
    const diagnostics = (await invoke(app, frameUrl, 'copyDiagnostics', {})) as { value: { path: string } };
    expect(diagnostics.value.path.startsWith(app.home)).toBe(true);

    // The tray menu offers updates (only a packaged Mac app can update) and the About box.
    await app.send({ op: 'tray-menu' });
    const menu = calls(app.records(), 'Menu', 'buildFromTemplate').at(-1)?.args[0] as Array<{ id?: string; label?: string; enabled?: boolean }>;
    expect(menu.find((item) => item.id === 'update')).toMatchObject({ label: 'Check for updates…', enabled: false });
    expect((await app.send({ op: 'menu-click', itemId: 'about' })).ok).toBe(true);
    const about = await app.waitFor((records) => calls(records, 'dialog', 'showMessageBox')[0], 'the About box');
    const [box] = about.args as [{ message: string; detail: string }];
    expect(box.message).toBe('eGPU Companion 9.8.7');
    expect(box.detail).toContain(`Node ${process.versions.node}`);
    expect(box.detail).toMatch(/Driver: .*\d/);

    await expectCleanQuit(app);
  });
});
