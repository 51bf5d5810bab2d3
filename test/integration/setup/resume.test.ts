// Progress survives the app quitting: a new SetupService on the same data folder picks up.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, expectNoChildProcesses, type Harness } from './harness';

const SIZE = { cols: 80, rows: 24 };

describe('setup resume', { timeout: 30_000 }, () => {
  let h: Harness;

  afterEach(async () => {
    await h.cleanup();
    await expectNoChildProcesses();
  });

  it('resumes at the first step not done, re-running checks first', async () => {
    h = await createHarness();
    await h.service.selectRecipe({ recipeId: 'test-resume' });
    const { sessionId } = await h.service.runStep({ recipeId: 'test-resume', stepId: 'first', ...SIZE });
    await h.recorder.waitForExit(sessionId);
    await h.service.dispose();

    const relaunched = h.relaunch();
    const { progress } = await relaunched.service.overview({});
    expect(progress.recipeId).toBe('test-resume');
    expect(progress.steps.first?.status).toBe('done');
    expect(progress.steps.detected?.status).toBe('done');
    expect(progress.steps['pending-work']?.status).toBe('pending');
    // Checks stop at the first step that is not done yet.
    expect(progress.steps.later?.status).toBe('pending');
    expect(progress.currentStepId).toBe('pending-work');

    const checkLog = await relaunched.setup.setupReadLog({ recipeId: 'test-resume', stepId: 'pending-work' });
    expect(checkLog.text).toContain("check: echo missing; exit 1");
    expect(checkLog.text).toContain('check failed');
  });

  it('detects steps already done as soon as a recipe is chosen', async () => {
    h = await createHarness();
    await h.service.selectRecipe({ recipeId: 'test-resume' });
    // "first" has no check, so it stays to do; "detected" is found done without running it.
    await expect.poll(async () => (await h.service.progress({})).steps.detected?.status, { timeout: 15_000 }).toBe('done');
    const progress = await h.service.progress({});
    expect(progress.steps.first?.status).toBe('pending');
    expect(progress.currentStepId).toBe('first');
  });

  it('marks a step that was running when the app quit as interrupted', async () => {
    h = await createHarness();
    await h.service.selectRecipe({ recipeId: 'test-runner' });
    const { sessionId } = await h.service.runStep({ recipeId: 'test-runner', stepId: 'wait-for-cancel', ...SIZE });
    await h.recorder.waitForOutput(sessionId, 'waiting pid');

    // The old process is not told anything: as after a crash, only the file remains.
    const relaunched = h.relaunch();
    const { progress } = await relaunched.service.overview({});
    expect(progress.steps['wait-for-cancel']).toMatchObject({ status: 'failed', reason: 'interrupted' });
    expect(progress.activeSession).toBeNull();
    expect(progress.currentStepId).toBe('hello');
  });

  it('remembers a needed restart until the Mac has rebooted', async () => {
    const boot = 1_700_000_000_000;
    h = await createHarness({ bootTime: () => boot });
    await h.service.selectRecipe({ recipeId: 'test-runner' });
    const { sessionId } = await h.service.runStep({ recipeId: 'test-runner', stepId: 'needs-restart', ...SIZE });
    await h.recorder.waitForExit(sessionId);
    expect((await h.service.overview({})).progress.restartPendingStepId).toBe('needs-restart');

    const sameBoot = h.relaunch({ bootTime: () => boot + 500 });
    expect((await sameBoot.service.overview({})).progress.restartPendingStepId).toBe('needs-restart');

    const afterReboot = h.relaunch({ bootTime: () => boot + 2 * 3_600_000 });
    const { progress } = await afterReboot.service.overview({});
    expect(progress.restartPendingStepId).toBeNull();
    expect(progress.steps['needs-restart']?.status).toBe('done');
  });

  it('describes the recipes, preflight and suggestion in the overview', async () => {
    h = await createHarness({ detectGpuVendor: () => 'amd' });
    const overview = await h.service.overview({});
    expect(overview.recipes.map((recipe) => recipe.id).sort()).toEqual(['test-resume', 'test-runner']);
    expect(overview.recipeErrors).toEqual([]);
    // The usual suggestion (tinygrad-amd) is not among the test recipes: the first that fits the GPU is offered.
    expect(overview.suggestedRecipeId).toBe(overview.recipes.find((recipe) => recipe.vendor === 'amd' || recipe.vendor === 'any')?.id);
    expect(overview.suggestionReason).toBe('AMD GPU detected.');
    expect(overview.preflight.find((check) => check.id === 'apple-silicon')).toMatchObject({ ok: null, blocking: true });
    expect(overview.progress).toEqual({ recipeId: null, steps: {}, currentStepId: null, restartPendingStepId: null, activeSession: null });
    const runner = overview.recipes.find((recipe) => recipe.id === 'test-runner');
    expect(runner?.steps.find((step) => step.id === 'manual-confirm')).toMatchObject({
      hasVerify: true,
      manual: { openUrl: 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension', openLabel: 'Open Settings' },
      commands: [],
    });
  });

  it('refuses to run anything when a blocking preflight check fails', async () => {
    h = await createHarness({
      hostFacts: async () => ({
        platform: 'darwin',
        arch: 'x64',
        appleSilicon: false,
        macosVersion: '14.5',
        freeDiskBytes: 100 * 1024 ** 3,
        ramBytes: 16 * 1024 ** 3,
        homebrewPath: null,
        thunderboltPorts: 2,
      }),
    });
    await h.service.selectRecipe({ recipeId: 'test-runner' });
    await expect(h.service.runStep({ recipeId: 'test-runner', stepId: 'hello', ...SIZE })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/Apple Silicon Mac: This is an Intel Mac/),
    });
  });
});
