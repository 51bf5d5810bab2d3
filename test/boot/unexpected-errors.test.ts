// The built main process keeps serving after an error nothing caught: it is logged, no error dialog
// appears, and the popover's commands are still answered.
import { afterEach, describe, expect, it } from 'vitest';
import { calls, startBootedApp, type BootedApp } from './harness';
import { expectCleanQuit, expectSecurePopover, getState } from './checks';

describe('the built main process after an unexpected error', () => {
  let app: BootedApp | null = null;
  afterEach(async () => {
    await app?.dispose();
    app = null;
  });

  it('logs an uncaught exception and an unhandled rejection, shows no dialog and keeps serving', async () => {
    app = startBootedApp({ packaged: false });
    const frameUrl = await expectSecurePopover(app);
    expect((await app.send({ op: 'unexpected-error', message: 'a bug in a timer' })).ok).toBe(true);
    const deadline = Date.now() + 10_000;
    while (!(app.output().includes('a bug in a timer (thrown)') && app.output().includes('a bug in a timer (rejected)')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(app.output()).toContain('a bug in a timer (thrown)');
    expect(app.output()).toContain('a bug in a timer (rejected)');
    expect(calls(app.records(), 'dialog', 'showErrorBox')).toEqual([]);
    const state = await getState(app, frameUrl);
    expect(state.tray).toBeDefined();
    await expectCleanQuit(app);
  });
});
