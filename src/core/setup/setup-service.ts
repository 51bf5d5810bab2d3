// The guided first-time setup behind the setup* commands of the CompanionApi. The UI names only
// recipe and step ids from the bundled recipes; every command that runs comes from those files.
// Each step's run state is explicit (run-state.ts); recipes and progress live in memory (setup-model.ts).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { ApiError, type CommandOutput, type CommandParsedInput, type EventPayload } from '../api/contract';
import type { StepProgress, setupCommands } from '../api/setup';
import { describeError, nullLogger, type LoggerPort } from '../platform/logger';
import { FactsCache } from './facts-cache';
import { confirmApproval, driverReadyResult } from './driver-truth';
import { defaultLoginShell, describeCommand, setupEnvironment } from './login-shell';
import { evaluatePreflight, suggestRecipe, unmetRequirements } from './preflight';
import type { ProbeResult } from './probe-runner';
import type { Step } from './recipe-schema';
import { toRecipeView } from './recipe-view';
import { decideOutcome, oneLine, outcomeProgress, shouldVerify } from './run-outcome';
import { RunStates } from './run-state';
import { SetupModel, isSettled, type LoadedModel, type StepRef } from './setup-model';
import { StepLog, logFooter, logHeader, stepLogPath } from './step-log';
import { StepProbes, type ProbeKind } from './step-probes';
import { StepRun, type StepRunResult } from './step-run';
import { defaultBootTime, type SetupEventName, type SetupServiceOptions } from './setup-options';

export { defaultBootTime };
export type { SetupEmit, SetupEventName, SetupServiceOptions } from './setup-options';

type SetupCommandName = keyof typeof setupCommands;
type In<K extends SetupCommandName> = CommandParsedInput<K>;
type Out<K extends SetupCommandName> = CommandOutput<K>;

export class SetupService {
  private readonly now: () => number;
  private readonly loginShell: string;
  private readonly homeDir: string;
  private readonly logger: LoggerPort;
  private readonly model: SetupModel;
  private readonly runs = new RunStates();
  private readonly probes: StepProbes;
  private readonly facts: FactsCache;
  /** The checks that detect steps done outside the app, once per launch and per recipe choice. */
  private resumePass: Promise<void> | null = null;
  /** Resolves when the running step has finished and its result is saved. */
  private runFinished: Promise<void> = Promise.resolve();
  private lifecycle: 'open' | 'disposed' = 'open';

  constructor(private readonly options: SetupServiceOptions) {
    this.now = options.now ?? Date.now;
    this.loginShell = options.loginShell ?? defaultLoginShell();
    this.homeDir = options.homeDir ?? os.homedir();
    this.logger = options.logger ?? nullLogger;
    this.model = new SetupModel({
      dataDir: options.dataDir,
      recipesDir: options.recipesDir,
      now: this.now,
      bootTime: options.bootTime ?? defaultBootTime,
      activeSession: () => this.runs.activeSession(),
      publish: (progress) => this.publish('setupProgress', progress),
    });
    this.probes = new StepProbes({ loginShell: this.loginShell, homeDir: this.homeDir, now: this.now });
    this.facts = new FactsCache({
      homeDir: this.homeDir,
      now: this.now,
      logger: this.logger,
      hostFacts: options.hostFacts,
      detectGpuVendor: options.detectGpuVendor,
    });
  }

  async overview(_input: In<'setupOverview'> = {}): Promise<Out<'setupOverview'>> {
    const model = await this.model.loaded();
    const facts = await this.facts.current();
    const vendor = this.facts.gpuVendor();
    const suggestion = suggestRecipe(facts, vendor);
    // With another set of recipes (the demo's, a recipe author's), fall back to the first that fits.
    const recipes = model.recipes;
    const suggestedRecipeId = recipes.some((recipe) => recipe.id === suggestion.recipeId)
      ? suggestion.recipeId
      : (recipes.find((recipe) => recipe.vendor === vendor || recipe.vendor === 'any') ?? recipes[0])?.id ?? null;
    // First look after a (re)launch: steps done outside the app are detected before resuming.
    this.resumePass ??= this.resumeWithChecks(model);
    await this.resumePass;
    return {
      recipes: recipes.map(toRecipeView),
      suggestedRecipeId,
      suggestionReason: suggestion.reason,
      preflight: evaluatePreflight(facts),
      recipeErrors: model.recipeErrors,
      progress: model.progressView(),
    };
  }

  /** Progress only: no host facts, no checks (the popover's setup badge). */
  async progress(_input: In<'setupGetProgress'> = {}): Promise<Out<'setupGetProgress'>> {
    return (await this.model.loaded()).progressView();
  }

  async selectRecipe(input: In<'setupSelectRecipe'>): Promise<Out<'setupSelectRecipe'>> {
    const model = await this.model.loaded();
    model.assertKnownRecipe(input.recipeId);
    if (this.runs.terminalHolder()) throw new ApiError('unavailable', 'a step is running; wait for it or cancel it first');
    const selected = await model.selectRecipe(input.recipeId);
    // Detect what is already done in the newly chosen recipe; results arrive as progress events.
    this.resumePass = this.resumeWithChecks(model).catch((error: unknown) => {
      this.logger.debug('setup: resume checks failed', describeError(error));
    });
    return selected;
  }

  async checkStep(input: In<'setupCheckStep'>): Promise<Out<'setupCheckStep'>> {
    const { model, ref } = await this.selected(input);
    const check = ref.step.check;
    if (!check) return this.checkResult(model, ref.step.id, false, 'This step has no automatic check.');
    const result = await this.probeIdleStep(ref, 'check', check);
    if (result.passed) await model.completeStep(ref, this.doneProgress(result.exitCode, null));
    return this.checkResult(model, ref.step.id, result.passed, result.detail);
  }

  async runStep(input: In<'setupRunStep'>): Promise<Out<'setupRunStep'>> {
    const { model, ref } = await this.selected(input);
    const run = ref.step.run;
    if (!run) throw new ApiError('unavailable', `step "${ref.step.id}" has nothing to run: follow its instructions, then confirm`);
    if (this.lifecycle === 'disposed') throw new ApiError('unavailable', 'setup is shutting down');
    // Held until the session exists, so two quick clicks cannot start two runs.
    this.runs.beginStart(ref);
    try {
      const blockers = await this.blockersFor(ref.step);
      if (blockers.length > 0) throw new ApiError('unavailable', `cannot run "${ref.step.title}": ${blockers.join('; ')}`);
      const log = await StepLog.open(this.logPath(ref), logHeader(this.now(), 'run', run.commands.map(describeCommand).join(' ; ')));
      const sessionId = `run-${randomBytes(8).toString('hex')}`;
      const startedAt = this.now();
      const stepRun = new StepRun({
        commands: run.commands,
        timeoutSec: run.timeoutSec,
        loginShell: this.loginShell,
        cwd: this.homeDir,
        env: setupEnvironment(this.homeDir),
        cols: input.cols,
        rows: input.rows,
        killGraceMs: this.options.killGraceMs,
        onOutput: (data) => this.publish('setupOutput', { sessionId, data }),
        // The log gets the output without the echo of what the user typed (a passphrase typed ahead).
        onLog: (text) => log.write(text),
      });
      this.runs.started(ref, sessionId, stepRun);
      this.runFinished = stepRun.done.then((result) => this.finishRun(model, ref, sessionId, startedAt, result, log));
      await model.setStep(ref, { status: 'running', startedAt, finishedAt: null, exitCode: null, reason: null });
      return { sessionId };
    } catch (error) {
      if (this.runs.state(ref).kind === 'starting') this.runs.finish(ref);
      throw error;
    }
  }

  async verifyStep(input: In<'setupVerifyStep'>): Promise<Out<'setupVerifyStep'>> {
    const { model, ref } = await this.selected(input);
    const probe = ref.step.verify ?? ref.step.check;
    if (!probe) return this.checkResult(model, ref.step.id, false, 'This step has nothing to verify automatically.');
    const result = await this.probeIdleStep(ref, 'verify', probe);
    if (result.passed) await model.completeStep(ref, this.doneProgress(result.exitCode, null));
    else await model.setStep(ref, this.failedProgress(`verify failed: ${result.detail}`, result.exitCode));
    return this.checkResult(model, ref.step.id, result.passed, result.detail);
  }

  async skipStep(input: In<'setupSkipStep'>): Promise<Out<'setupSkipStep'>> {
    const { model, ref } = await this.selected(input);
    this.runs.assertIdle(ref);
    return model.setStep(ref, { ...model.stepProgress(ref), status: 'skipped', finishedAt: this.now(), reason: 'skipped' });
  }

  async confirmManualStep(input: In<'setupConfirmManualStep'>): Promise<Out<'setupConfirmManualStep'>> {
    const { model, ref } = await this.selected(input);
    if (!ref.step.manual) throw new ApiError('invalid-payload', `step "${ref.step.id}" has no manual part to confirm`);
    const probe = ref.step.verify ?? ref.step.check;
    if (!probe) {
      this.runs.assertIdle(ref);
      await model.completeStep(ref, this.doneProgress(null, null));
      return this.checkResult(model, ref.step.id, true, 'Marked as done.');
    }
    const result = await this.probeIdleStep(ref, 'verify', probe);
    if (result.passed) await model.completeStep(ref, this.doneProgress(result.exitCode, null));
    else await model.setStep(ref, this.failedProgress(`not done yet: ${result.detail}`, result.exitCode));
    return this.checkResult(model, ref.step.id, result.passed, result.detail);
  }

  /** The running step's terminal session (setup-terminal.ts passes keystrokes, size and cancel to it). */
  sessionRun(sessionId: string): StepRun | null {
    return this.runs.runFor(sessionId);
  }

  /** Where a step's log is; the ids are resolved against the bundled recipes, never taken as a path. */
  async stepLogPathFor(ids: { recipeId: string; stepId: string }): Promise<string> {
    return this.logPath((await this.model.loaded()).resolve(ids));
  }

  /** A step runs in its terminal now (a restart would cut it). */
  isRunningStep(): boolean {
    return this.runs.activeSession() !== null;
  }

  /** Kills the running step (marked "interrupted") and any probe in flight. */
  async dispose(): Promise<void> {
    if (this.lifecycle === 'disposed') return;
    this.lifecycle = 'disposed';
    this.probes.abortAll();
    const holder = this.runs.terminalHolder();
    if (holder?.state.kind === 'running') void holder.state.run.interrupt();
    await this.runFinished;
  }

  // ---- runs ----

  /** Never rejects: whatever fails here, the session ends and the exit event goes out. */
  private async finishRun(
    model: LoadedModel,
    ref: StepRef,
    sessionId: string,
    startedAt: number,
    result: StepRunResult,
    log: StepLog,
  ): Promise<void> {
    let progress: StepProgress;
    try {
      this.runs.verifying(ref);
      let verified: ProbeResult | null = null;
      // After any exit, not only 0: a wrapper script may fail although the work was done.
      if (ref.step.verify && shouldVerify(result) && this.lifecycle === 'open') {
        verified = await this.probes.run('verify', ref.step.verify, log);
      }
      const outcome = await confirmApproval(decideOutcome(result, verified), ref.step, result.reason, this.options.driverState);
      progress = outcomeProgress(outcome, result, startedAt, this.now());
      await log.close(logFooter(outcome.status === 'done' ? `done (exit ${result.exitCode ?? '?'})` : `${outcome.status}: ${outcome.reason ?? 'unknown'}`));
    } catch (error) {
      const reason = `could not verify: ${describeError(error)}`;
      progress = { status: 'failed', startedAt, finishedAt: this.now(), exitCode: result.exitCode, reason: oneLine(reason) };
    }

    this.runs.finish(ref);
    this.options.afterRun?.();
    try {
      if (progress.status === 'done') await model.completeStep(ref, progress);
      else await model.setStep(ref, progress);
    } catch (error) {
      // Progress could not be saved (disk full?); the in-memory state is still right.
      this.logger.debug('setup: could not save progress after a run', describeError(error));
    } finally {
      this.publish('setupExit', { sessionId, stepId: ref.step.id, exitCode: result.exitCode, reason: progress.reason, status: progress.status });
    }
  }

  /** Blocking preflight failures and step requirements this Mac does not meet (unknowns pass). */
  private async blockersFor(step: Step): Promise<string[]> {
    const facts = await this.facts.current();
    const blocking = evaluatePreflight(facts)
      .filter((check) => check.blocking && check.ok === false)
      .map((check) => `${check.label}: ${check.detail}`);
    return [...blocking, ...unmetRequirements(step.requires, facts, this.facts.gpuVendor())];
  }

  // ---- probes ----

  /** A check or verify of a step that is doing nothing else; the step is "checking" meanwhile. */
  private async probeIdleStep(ref: StepRef, kind: ProbeKind, probe: NonNullable<Step['check']>): Promise<ProbeResult> {
    this.runs.beginCheck(ref);
    try {
      return (await driverReadyResult(ref.step, kind, this.options.driverState)) ?? (await this.probes.run(kind, probe, this.logPath(ref)));
    } finally {
      this.runs.finish(ref);
    }
  }

  /**
   * Runs checks in order from the first unfinished step, stopping at the first that is not done.
   * A step waiting for an approval is checked too but does not stop the pass: the wizard moved on.
   */
  private async resumeWithChecks(model: LoadedModel): Promise<void> {
    const recipe = model.selectedRecipe();
    if (!recipe) return;
    for (const step of recipe.steps) {
      const ref = { recipe, step };
      const status = model.stepProgress(ref).status;
      if (status === 'done' || status === 'skipped') continue;
      if (this.lifecycle === 'disposed' || this.runs.terminalHolder()) return;
      // A step without a check cannot be detected as done; look further for ones that can.
      const check = step.check;
      if (!check || !this.runs.isIdle(ref)) continue;
      const result = await this.probeIdleStep(ref, 'check', check);
      if (result.passed) await model.completeStep(ref, this.doneProgress(result.exitCode, null));
      else if (!isSettled(status)) return;
    }
  }

  private doneProgress(exitCode: number | null, startedAt: number | null): StepProgress {
    return { status: 'done', startedAt, finishedAt: this.now(), exitCode, reason: null };
  }

  private failedProgress(reason: string, exitCode: number | null): StepProgress {
    return { status: 'failed', startedAt: null, finishedAt: this.now(), exitCode, reason: oneLine(reason) };
  }

  private checkResult(model: LoadedModel, stepId: string, passed: boolean, detail: string): Out<'setupCheckStep'> {
    return { stepId, passed, detail: oneLine(detail), progress: model.progressView() };
  }

  private async selected(ids: { recipeId: string; stepId: string }): Promise<{ model: LoadedModel; ref: StepRef }> {
    const model = await this.model.loaded();
    return { model, ref: model.resolveSelected(ids) };
  }

  private logPath(ref: StepRef): string {
    return stepLogPath(this.options.dataDir, ref.recipe.id, ref.step.id);
  }

  private publish<E extends SetupEventName>(event: E, payload: EventPayload<E>): void {
    if (this.lifecycle === 'disposed') return;
    try {
      this.options.emit(event, payload);
    } catch (error) {
      // A failing listener must not take a running step (or its timers) down with it.
      this.logger.debug(`setup: a ${event} listener failed`, describeError(error));
    }
  }
}
