// A first TinyGPU install: the real `TinyGPU install` installs the app, then exits 4 ("User approval
// required!"); tinygrad's setup script hides that code and exits 1. Either way the step must end as
// waiting for the user's approval and the wizard must move on to the approval step.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIVER_STATE_WORDS } from '../../../src/core/api/present';
import type { DriverState } from '../../../src/core/api/schemas';
import { createHarness, expectNoChildProcesses, type Harness } from './harness';

const RECIPES = path.resolve(__dirname, '../../fixtures/recipes-approval');
const SIZE = { cols: 80, rows: 24 };

/** Stands in for /Applications/TinyGPU.app/Contents/MacOS/TinyGPU, with the real texts and exit codes. */
const FAKE_TINYGPU = `#!/bin/sh
app="$HOME/Applications/TinyGPU.app/Contents/MacOS"
case "$1" in
  install)
    echo 'Installing TinyGPU driver extension...'
    echo 'You may need to approve in System Settings.'
    if [ "$FAKE_INSTALL" != broken ]; then mkdir -p "$app" && cp "$0" "$app/TinyGPU"; fi
    echo 'User approval required!'
    exit 4 ;;
  status)
    if [ -e "$HOME/approved" ]; then echo 'Extension is ready! Run tinygrad to use your eGPU.'; else echo 'Extension awaiting approval.'; fi
    exit 0 ;;
esac
exit 2
`;

describe('a first install that needs approval', { timeout: 30_000 }, () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ recipesDir: RECIPES });
    await mkdir(path.join(h.home, 'bin'), { recursive: true });
    await writeFile(path.join(h.home, 'bin', 'TinyGPU'), FAKE_TINYGPU);
    await chmod(path.join(h.home, 'bin', 'TinyGPU'), 0o755);
  });

  afterEach(async () => {
    await h.cleanup();
    await expectNoChildProcesses();
  });

  async function install(recipeId: string) {
    await h.service.selectRecipe({ recipeId });
    // Selecting a recipe checks what is already done; the wizard shows that before Run is pressed.
    await h.service.overview({});
    const { sessionId } = await h.service.runStep({ recipeId, stepId: 'install-app', ...SIZE });
    const exit = await h.recorder.waitForExit(sessionId);
    const { progress } = await h.service.overview({});
    return { exit, progress, output: h.recorder.output(sessionId) };
  }

  it('TinyGPU install exiting 4 ends as "waiting for your approval" and makes the approval step current', async () => {
    const { exit, progress, output } = await install('test-approval');
    expect(output).toContain('User approval required!');
    expect(exit).toMatchObject({ stepId: 'install-app', exitCode: 4, reason: 'waiting for your approval', status: 'waiting-approval' });
    expect(progress.steps['install-app']).toMatchObject({ status: 'waiting-approval', reason: 'waiting for your approval', exitCode: 4 });
    expect(progress.currentStepId).toBe('approve-extension');
    const log = await h.setup.setupReadLog({ recipeId: 'test-approval', stepId: 'install-app' });
    expect(log.text).toContain('verify passed');
    expect(log.text).toContain('===== waiting-approval: waiting for your approval =====');

    // The user allows the extension: the approval step is done, and so is the install that waited for it.
    await writeFile(path.join(h.home, 'approved'), '');
    const confirmed = await h.service.confirmManualStep({ recipeId: 'test-approval', stepId: 'approve-extension' });
    expect(confirmed.passed).toBe(true);
    expect(confirmed.progress.steps['install-app']?.status).toBe('done');
    expect(confirmed.progress.currentStepId).toBe('after');
  });

  it('recognises the installer\'s exit 4 inside tinygrad\'s "Your tinygrad is too old" wrapper', async () => {
    const { exit, progress, output } = await install('test-approval-wrapped');
    expect(output).toContain('Your tinygrad is too old');
    expect(output).toContain('failed with exit code 4');
    expect(exit).toMatchObject({ exitCode: 1, status: 'waiting-approval', reason: 'waiting for your approval' });
    expect(progress.currentStepId).toBe('approve-extension');
  });

  it('still fails when the verify finds nothing installed, whatever the exit code said', async () => {
    process.env.FAKE_INSTALL = 'broken';
    try {
      const { exit, progress } = await install('test-approval');
      expect(exit.status).toBe('failed');
      expect(exit.reason).toMatch(/^exited with code 4; verify failed: /);
      expect(progress.currentStepId).toBe('install-app');
    } finally {
      delete process.env.FAKE_INSTALL;
    }
  });

  it('a relaunch re-checks a waiting install and moves past it once approved', async () => {
    await install('test-approval');
    await writeFile(path.join(h.home, 'approved'), '');
    const again = h.relaunch();
    const { progress } = await again.service.overview({});
    expect(progress.steps['install-app']?.status).toBe('done');
    expect(progress.steps['approve-extension']?.status).toBe('done');
    expect(progress.currentStepId).toBe('after');
  });
});

describe('the driver decides whether an install waits for approval', { timeout: 30_000 }, () => {
  let h: Harness;
  let driver: DriverState | null = 'awaiting-approval';
  const RECIPE = 'test-approval-driver';

  beforeEach(async () => {
    driver = 'awaiting-approval';
    h = await createHarness({ recipesDir: RECIPES, driverState: async () => driver });
    await mkdir(path.join(h.home, 'bin'), { recursive: true });
    await writeFile(path.join(h.home, 'bin', 'TinyGPU'), FAKE_TINYGPU);
    await chmod(path.join(h.home, 'bin', 'TinyGPU'), 0o755);
    await h.service.selectRecipe({ recipeId: RECIPE });
    // Selecting checks what is already done; the wizard shows that before Run is pressed.
    await h.service.overview({});
  });

  afterEach(async () => {
    delete process.env.FAKE_DOWNLOAD;
    await h.cleanup();
    await expectNoChildProcesses();
  });

  async function run() {
    const { sessionId } = await h.service.runStep({ recipeId: RECIPE, stepId: 'install-app', ...SIZE });
    return { exit: await h.recorder.waitForExit(sessionId), output: h.recorder.output(sessionId) };
  }

  it('waits for approval when the driver awaits it', async () => {
    const { exit } = await run();
    expect(exit).toMatchObject({ status: 'waiting-approval', reason: 'waiting for your approval' });
  });

  it('a failed download says "Your tinygrad is too old" too: with no driver waiting, the step failed', async () => {
    process.env.FAKE_DOWNLOAD = 'broken';
    // The app was installed earlier, so the verify passes; the driver is not there to approve.
    await mkdir(path.join(h.home, 'Applications/TinyGPU.app/Contents/MacOS'), { recursive: true });
    await writeFile(path.join(h.home, 'Applications/TinyGPU.app/Contents/MacOS/TinyGPU'), FAKE_TINYGPU, { mode: 0o755 });
    driver = 'not-installed';
    const { exit, output } = await run();
    expect(output).toContain('Your tinygrad is too old');
    expect(exit.status).toBe('failed');
    expect(exit.reason).toBe(`exited with code 1; not waiting for approval: the driver is ${DRIVER_STATE_WORDS['not-installed']}`);
    const { progress } = await h.service.overview({});
    expect(progress.currentStepId).toBe('install-app');
  });

  it('a driver that is already allowed makes the install done, and the approval step reads the same state', async () => {
    driver = 'ready';
    const { exit } = await run();
    expect(exit.status).toBe('done');
    const confirmed = await h.service.confirmManualStep({ recipeId: RECIPE, stepId: 'approve-extension' });
    expect(confirmed.passed).toBe(true);
    // The driver's state, not TinyGPU's own status text (which here still says "awaiting approval"), decided.
    expect(confirmed.detail).toBe(`TinyGPU driver: ${DRIVER_STATE_WORDS.ready}`);
  });
});
