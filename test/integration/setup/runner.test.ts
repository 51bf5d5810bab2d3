// Real pty sessions driven through SetupService, as the setup wizard will drive them.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/api/contract';
import { noopShell } from '../../../src/core/ports';
import { HIGH_WATERMARK_CHARS } from '../../../src/core/setup/flow-control';
import { MAX_BATCH_CHARS } from '../../../src/core/setup/output-batcher';
import { createSetupFeature } from '../../../src/core/setup/setup-feature';
import { createHarness, eventually, expectNoChildProcesses, isAlive, pidFrom, type Harness } from './harness';

const RECIPE = 'test-runner';
const SIZE = { cols: 80, rows: 24 };

describe('setup runner (pty)', { timeout: 30_000 }, () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
    await h.service.selectRecipe({ recipeId: RECIPE });
  });

  afterEach(async () => {
    await h.cleanup();
    // Nothing the steps started may outlive them.
    await expectNoChildProcesses();
  });

  async function run(stepId: string) {
    const { sessionId } = await h.service.runStep({ recipeId: RECIPE, stepId, ...SIZE });
    return sessionId;
  }

  async function progressOf(stepId: string) {
    const { progress } = await h.service.overview({});
    return progress.steps[stepId];
  }

  it('streams a step’s output, marks it done and logs it', async () => {
    const sessionId = await run('hello');
    const exit = await h.recorder.waitForExit(sessionId);
    expect(exit).toEqual({ sessionId, stepId: 'hello', exitCode: 0, reason: null, status: 'done' });
    expect(h.recorder.output(sessionId)).toContain('hello from the runner: café ✓');
    expect(await progressOf('hello')).toMatchObject({ status: 'done', exitCode: 0, reason: null });

    const progressEvents = h.recorder.events.filter((e) => e.event === 'setupProgress');
    expect(progressEvents.some((e) => e.event === 'setupProgress' && e.payload.activeSession?.sessionId === sessionId)).toBe(true);
    const last = progressEvents[progressEvents.length - 1];
    expect(last?.event === 'setupProgress' && last.payload.activeSession).toBeNull();

    const log = await h.setup.setupReadLog({ recipeId: RECIPE, stepId: 'hello' });
    expect(log.path).toBe(path.join(h.dataDir, 'setup-logs', RECIPE, 'hello.log'));
    expect(log.text).toMatch(/^===== \d{4}-\d\d-\d\dT.* run: echo 'hello from the runner: café ✓' =====/);
    expect(log.text).toContain('hello from the runner: café ✓');
    expect(log.text).toContain('===== done (exit 0) =====');
  });

  it('tells the app to read the login shell again once a step has run (it may have changed the profile)', async () => {
    let reads = 0;
    const own = await createHarness({ afterRun: () => (reads += 1) });
    try {
      await own.service.selectRecipe({ recipeId: RECIPE });
      const { sessionId } = await own.service.runStep({ recipeId: RECIPE, stepId: 'hello', ...SIZE });
      expect(reads).toBe(0);
      await own.recorder.waitForExit(sessionId);
      expect(reads).toBe(1);
    } finally {
      await own.cleanup();
    }
  });

  it('runs argv commands without shell expansion, then the next command, in one session', async () => {
    const sessionId = await run('multi');
    await h.recorder.waitForExit(sessionId);
    const output = h.recorder.output(sessionId);
    expect(output).toContain('first command $HOME stays literal');
    expect(output).toContain('second command');
    expect(output.indexOf('first command')).toBeLessThan(output.indexOf('second command'));
  });

  it('stops at the first failing command and reports its exit code', async () => {
    const sessionId = await run('fails');
    const exit = await h.recorder.waitForExit(sessionId);
    expect(exit).toMatchObject({ exitCode: 7, reason: 'exited with code 7' });
    expect(h.recorder.output(sessionId)).not.toContain('never printed');
    expect(await progressOf('fails')).toMatchObject({ status: 'failed', exitCode: 7, reason: 'exited with code 7' });
  });

  it('answers a question typed into the terminal', async () => {
    const sessionId = await run('question');
    await h.recorder.waitForOutput(sessionId, /\nContinue\? \[y\/N\] $/);
    await h.setup.setupInput({ sessionId, data: 'y\r' });
    const exit = await h.recorder.waitForExit(sessionId);
    expect(exit.exitCode).toBe(0);
    expect(h.recorder.output(sessionId)).toContain('Continuing.');
  });

  it('never writes a password typed at an echo-off prompt to the log', async () => {
    const secret = 'Tr0ub4dor&3-horse';
    const sessionId = await run('secret');
    // The prompt itself, not the command line shown above it: only then is echo off.
    await h.recorder.waitForOutput(sessionId, /\nPassword: $/);
    await h.setup.setupInput({ sessionId, data: `${secret}\r` });
    const exit = await h.recorder.waitForExit(sessionId);
    expect(exit.exitCode).toBe(0);
    const output = h.recorder.output(sessionId);
    expect(output).toContain(`Password accepted (${secret.length} characters).`);
    expect(output).not.toContain(secret);

    const log = await readFile(path.join(h.dataDir, 'setup-logs', RECIPE, 'secret.log'), 'utf8');
    expect(log).toContain('Password: ');
    expect(log).toContain(`Password accepted (${secret.length} characters).`);
    expect(log).not.toContain(secret);
  });

  it('keeps a passphrase typed before echo is turned off out of the log', async () => {
    const secret = 'early-Passphrase-42';
    const sessionId = await run('type-ahead');
    // Typed while echo is still on: the terminal echoes it back before the script runs stty -echo.
    await h.recorder.waitForOutput(sessionId, 'Preparing the keychain...');
    await h.setup.setupInput({ sessionId, data: `${secret}\r` });
    const exit = await h.recorder.waitForExit(sessionId);
    expect(exit.exitCode).toBe(0);
    expect(h.recorder.output(sessionId)).toContain(`Passphrase read (${secret.length} characters).`);

    const log = await readFile(path.join(h.dataDir, 'setup-logs', RECIPE, 'type-ahead.log'), 'utf8');
    expect(log).toContain('Preparing the keychain...');
    expect(log).toContain('Passphrase: ');
    expect(log).toContain(`Passphrase read (${secret.length} characters).`);
    expect(log).not.toContain('Passphrase-42');
    expect(log).not.toContain('early-');
  });

  it('fails a step that outlives its timeout and leaves no process behind', async () => {
    const sessionId = await run('slow');
    const started = await h.recorder.waitForOutput(sessionId, /background pid \d+/);
    const leader = pidFrom(started, 'leader pid');
    const background = pidFrom(started, 'background pid');
    const exit = await h.recorder.waitForExit(sessionId);
    expect(exit).toMatchObject({ stepId: 'slow', reason: 'timed out after 1 s' });
    expect(await progressOf('slow')).toMatchObject({ status: 'failed', reason: 'timed out after 1 s' });
    await eventually(() => !isAlive(leader) && !isAlive(background), 'the step and its background child are gone');
    const log = await h.setup.setupReadLog({ recipeId: RECIPE, stepId: 'slow' });
    expect(log.text).toContain('===== failed: timed out after 1 s =====');
  });

  it('cancels a running step, and tells the updater a step runs until then', async () => {
    const feature = createSetupFeature(h.service, noopShell);
    expect(await feature.busy?.()).toEqual([]);
    const sessionId = await run('wait-for-cancel');
    const started = await h.recorder.waitForOutput(sessionId, /waiting pid \d+/);
    const pid = pidFrom(started, 'waiting pid');
    expect(await feature.busy?.()).toEqual(['a setup step']);
    await h.setup.setupCancel({ sessionId });
    const exit = await h.recorder.waitForExit(sessionId);
    expect(await feature.busy?.()).toEqual([]);
    expect(exit.reason).toBe('cancelled');
    expect(await progressOf('wait-for-cancel')).toMatchObject({ status: 'failed', reason: 'cancelled' });
    await eventually(() => !isAlive(pid), 'the cancelled step is gone');
    // Late messages from the terminal for the ended session are harmless.
    await expect(h.setup.setupAck({ sessionId, chars: 10 })).resolves.toEqual({ ok: true });
    await expect(h.setup.setupCancel({ sessionId })).resolves.toEqual({ ok: true });
  });

  it('fails a step whose verification fails, and says why', async () => {
    const sessionId = await run('verify-fails');
    const exit = await h.recorder.waitForExit(sessionId);
    expect(exit.exitCode).toBe(0);
    expect(exit.reason).toMatch(/^verify failed: .*exited with 3 \(expected 0\): no device found$/);
    expect(await progressOf('verify-fails')).toMatchObject({ status: 'failed', exitCode: 0 });
    const log = await h.setup.setupReadLog({ recipeId: RECIPE, stepId: 'verify-fails' });
    expect(log.text).toContain('no device found');

    const passing = await run('verify-passes');
    expect((await h.recorder.waitForExit(passing)).reason).toBeNull();
    expect(await progressOf('verify-passes')).toMatchObject({ status: 'done' });
  });

  it('applies terminal resizes', async () => {
    const sessionId = await run('size');
    await h.recorder.waitForOutput(sessionId, 'ready');
    await h.setup.setupResize({ sessionId, cols: 120, rows: 40 });
    // The resize is debounced: keep asking until the shell reports the new size.
    await h.recorder.waitFor(() => {
      if (h.recorder.output(sessionId).includes('40 120')) return true;
      void h.setup.setupInput({ sessionId, data: '\r' });
      return false;
    }, 'the new size');
    await h.setup.setupInput({ sessionId, data: 'q\r' });
    expect((await h.recorder.waitForExit(sessionId)).exitCode).toBe(0);
  });

  it('pauses a flooding command until the terminal acknowledges its output', async () => {
    const sessionId = await run('flood');
    const received = () => h.recorder.output(sessionId).length;
    await h.recorder.waitFor(() => received() > HIGH_WATERMARK_CHARS, 'the high watermark');
    // Give an unpaused command ample time to print everything; a paused one cannot.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(received()).toBeLessThan(HIGH_WATERMARK_CHARS + 2 * MAX_BATCH_CHARS);
    expect(h.recorder.exitOf(sessionId)).toBeUndefined();

    // Now behave like xterm: acknowledge what was written, in 5000-char steps.
    const ackAll = (chars: number) => {
      for (let left = chars; left > 0; left -= 5000) void h.setup.setupAck({ sessionId, chars: Math.min(5000, left) });
    };
    h.recorder.onEvent = (event) => {
      if (event.event === 'setupOutput' && event.payload.sessionId === sessionId) ackAll(event.payload.data.length);
    };
    ackAll(received());
    const exit = await h.recorder.waitForExit(sessionId, 20_000);
    expect(exit.exitCode).toBe(0);
    const output = h.recorder.output(sessionId);
    // Every byte arrived, in order: one unbroken run of 2 MB of x.
    const runs = output.split(/[^x]+/).map((run) => run.length);
    expect(Math.max(...runs)).toBe(2_000_000);
    expect(output).toContain('flood-done');
  });

  it('keeps a paused command paused when the wizard only reads; a newly attached terminal frees it', async () => {
    const sessionId = await run('flood');
    const received = () => h.recorder.output(sessionId).length;
    await h.recorder.waitFor(() => received() > HIGH_WATERMARK_CHARS, 'the high watermark');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pausedAt = received();

    // Reads (the wizard opening, the popover's badge) change nothing.
    await h.service.overview({});
    await h.service.progress({});
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Resumed, it would print up to another high watermark before pausing again.
    expect(received() - pausedAt).toBeLessThan(HIGH_WATERMARK_CHARS / 5);
    expect(h.recorder.exitOf(sessionId)).toBeUndefined();

    // A new terminal takes over and acknowledges what it writes from now on.
    h.recorder.onEvent = (event) => {
      if (event.event === 'setupOutput' && event.payload.sessionId === sessionId) {
        for (let left = event.payload.data.length; left > 0; left -= 5000) void h.setup.setupAck({ sessionId, chars: Math.min(5000, left) });
      }
    };
    await h.setup.setupAttachTerminal({ sessionId });
    expect((await h.recorder.waitForExit(sessionId, 20_000)).exitCode).toBe(0);
    expect(h.recorder.output(sessionId)).toContain('flood-done');
  });

  it('runs one step at a time', async () => {
    const sessionId = await run('wait-for-cancel');
    await h.recorder.waitForOutput(sessionId, 'waiting pid');
    await expect(run('hello')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(h.service.skipStep({ recipeId: RECIPE, stepId: 'wait-for-cancel' })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(h.service.selectRecipe({ recipeId: 'test-resume' })).rejects.toMatchObject({ code: 'unavailable' });
    const { progress } = await h.service.overview({});
    expect(progress.activeSession).toEqual({ sessionId, stepId: 'wait-for-cancel' });
    expect(progress.steps['wait-for-cancel']?.status).toBe('running');
    await h.setup.setupCancel({ sessionId });
    await h.recorder.waitForExit(sessionId);
  });

  it('rejects ids that are not in the loaded recipes', async () => {
    const invalid = { code: 'invalid-payload' };
    await expect(h.service.runStep({ recipeId: 'no-such-recipe', stepId: 'hello', ...SIZE })).rejects.toMatchObject(invalid);
    await expect(h.service.runStep({ recipeId: RECIPE, stepId: 'no-such-step', ...SIZE })).rejects.toMatchObject(invalid);
    await expect(h.service.selectRecipe({ recipeId: 'no-such-recipe' })).rejects.toMatchObject(invalid);
    await expect(h.setup.setupReadLog({ recipeId: RECIPE, stepId: '..' })).rejects.toMatchObject(invalid);
    await expect(h.service.runStep({ recipeId: 'test-resume', stepId: 'first', ...SIZE })).rejects.toMatchObject(invalid);
    for (const call of [
      () => h.setup.setupInput({ sessionId: 'run-0000', data: 'x' }),
      () => h.setup.setupResize({ sessionId: 'run-0000', cols: 10, rows: 10 }),
      () => h.setup.setupAck({ sessionId: 'run-0000', chars: 10 }),
      () => h.setup.setupCancel({ sessionId: 'run-0000' }),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject(invalid);
    }
  });

  it('confirms a manual step only once its verification passes', async () => {
    await expect(run('manual-confirm')).rejects.toMatchObject({ code: 'unavailable' });
    const notYet = await h.service.confirmManualStep({ recipeId: RECIPE, stepId: 'manual-confirm' });
    expect(notYet.passed).toBe(false);
    expect(notYet.progress.steps['manual-confirm']).toMatchObject({ status: 'failed' });
    expect(notYet.progress.steps['manual-confirm']?.reason).toMatch(/^not done yet: /);

    await writeFile(path.join(h.home, 'manual-done'), '');
    const done = await h.service.confirmManualStep({ recipeId: RECIPE, stepId: 'manual-confirm' });
    expect(done.passed).toBe(true);
    expect(done.progress.steps['manual-confirm']).toMatchObject({ status: 'done' });
    await expect(h.service.confirmManualStep({ recipeId: RECIPE, stepId: 'hello' })).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  it('skips a step and moves the current step on', async () => {
    const progress = await h.service.skipStep({ recipeId: RECIPE, stepId: 'hello' });
    expect(progress.steps.hello).toMatchObject({ status: 'skipped', reason: 'skipped' });
    expect(progress.currentStepId).toBe('multi');
  });

  it('reveals a step log in the file manager once it exists', async () => {
    expect(await h.setup.setupOpenLog({ recipeId: RECIPE, stepId: 'hello' })).toMatchObject({ opened: false });
    const sessionId = await run('hello');
    await h.recorder.waitForExit(sessionId);
    const opened = await h.setup.setupOpenLog({ recipeId: RECIPE, stepId: 'hello' });
    expect(opened).toEqual({ path: path.join(h.dataDir, 'setup-logs', RECIPE, 'hello.log'), opened: true });
    expect(h.revealed).toEqual([opened.path]);
  });

  it('kills a running step when disposed', async () => {
    const sessionId = await run('wait-for-cancel');
    const pid = pidFrom(await h.recorder.waitForOutput(sessionId, /waiting pid \d+/), 'waiting pid');
    await h.service.dispose();
    await eventually(() => !isAlive(pid), 'the step is gone');
    const again = h.relaunch();
    const { progress } = await again.service.overview({});
    expect(progress.steps['wait-for-cancel']).toMatchObject({ status: 'failed', reason: 'interrupted' });
  });
});
