// The guided first-time setup behind the setup* commands of the CompanionApi. The UI names only
// recipe and step ids from the bundled recipes; every command that runs comes from those files.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { ApiError, type CommandOutput, type CommandParsedInput, type EventPayload } from '../api/contract';
import type { SetupProgress, StepProgress, setupCommands } from '../api/setup';
import type { ShellPort } from '../ports';
import type { HostFacts } from './host-facts';
import { defaultLoginShell, describeCommand, setupEnvironment } from './login-shell';
import { evaluatePreflight, gatherHostFacts, suggestRecipe, unmetRequirements, type GpuVendorChoice } from './preflight';
import { runProbe, type ProbeResult } from './probe-runner';
import { ProgressStore } from './progress-store';
import { loadRecipes } from './recipe-loader';
import type { Probe, Recipe, Step } from './recipe-schema';
import { toRecipeView } from './recipe-view';
import { StepLog, logFooter, logHeader, readStepLog, stepLogPath } from './step-log';
import { StepRun, type StepRunResult } from './step-run';

export type SetupEventName = 'setupOutput' | 'setupExit' | 'setupProgress';
export type SetupEmit = <E extends SetupEventName>(event: E, payload: EventPayload<E>) => void;

export interface SetupServiceOptions {
  dataDir: string;
  recipesDir: string;
  shell: ShellPort;
  emit: SetupEmit;
  hostFacts?: () => Promise<HostFacts>;
  detectGpuVendor?: () => GpuVendorChoice | null;
  now?: () => number;
  /** Boot time in ms since epoch (restart detection). */
  bootTime?: () => number;
  /** The shell commands run in; defaults to the user's POSIX login shell. */
  loginShell?: string;
  /** The user's home folder: commands start there and see it as $HOME. */
  homeDir?: string;
  /** Wait between Ctrl-C, SIGTERM and SIGKILL when a step is cancelled or times out. */
  killGraceMs?: number;
}

type SetupCommandName = keyof typeof setupCommands;
type In<K extends SetupCommandName> = CommandParsedInput<K>;
type Out<K extends SetupCommandName> = CommandOutput<K>;

interface Loaded {
  recipes: Recipe[];
  errors: string[];
  progress: ProgressStore;
}

interface ActiveRun {
  sessionId: string;
  recipeId: string;
  stepId: string;
  run: StepRun;
  finished: Promise<void>;
}

interface StepRef {
  recipe: Recipe;
  step: Step;
}

/** Ended sessions remembered so late acks/resizes from the terminal are harmless no-ops. */
const MAX_ENDED_SESSIONS = 50;
/** system_profiler takes a second or two; an overview opened twice in a row reuses the facts. */
const FACTS_MAX_AGE_MS = 30_000;

export function defaultBootTime(): number {
  return Date.now() - os.uptime() * 1000;
}

export class SetupService {
  private readonly now: () => number;
  private readonly bootTime: () => number;
  private readonly loginShell: string;
  private readonly homeDir: string;
  private loaded: Promise<Loaded> | null = null;
  private resumed: Promise<void> | null = null;
  private facts: { value: HostFacts; at: number } | null = null;
  private active: ActiveRun | null = null;
  private starting = false;
  private readonly endedSessions: string[] = [];
  private readonly busySteps = new Set<string>();
  private readonly probeAborts = new Set<AbortController>();
  private disposed = false;

  constructor(private readonly options: SetupServiceOptions) {
    this.now = options.now ?? Date.now;
    this.bootTime = options.bootTime ?? defaultBootTime;
    this.loginShell = options.loginShell ?? defaultLoginShell();
    this.homeDir = options.homeDir ?? os.homedir();
  }

  async overview(_input: In<'setupOverview'> = {}): Promise<Out<'setupOverview'>> {
    // The wizard asks for the overview whenever it opens: a new terminal, with nothing acknowledged yet.
    this.active?.run.terminalAttached();
    const { recipes, errors } = await this.load();
    const facts = await this.currentFacts();
    const suggestion = suggestRecipe(facts, this.detectGpuVendor());
    // With another set of recipes (the demo's, a recipe author's), fall back to the first that fits.
    const vendor = this.detectGpuVendor();
    const suggestedRecipeId = recipes.some((recipe) => recipe.id === suggestion.recipeId)
      ? suggestion.recipeId
      : (recipes.find((recipe) => recipe.vendor === vendor || recipe.vendor === 'any') ?? recipes[0])?.id ?? null;
    // First look after a (re)launch: steps done outside the app are detected before resuming.
    this.resumed ??= this.resumeWithChecks();
    await this.resumed;
    return {
      recipes: recipes.map(toRecipeView),
      suggestedRecipeId,
      suggestionReason: suggestion.reason,
      preflight: evaluatePreflight(facts),
      recipeErrors: errors,
      progress: await this.progressView(),
    };
  }

  /** Progress only: no host facts, no checks (the popover's setup badge). */
  async progress(_input: In<'setupGetProgress'> = {}): Promise<Out<'setupGetProgress'>> {
    await this.load();
    return this.progressView();
  }

  async selectRecipe(input: In<'setupSelectRecipe'>): Promise<Out<'setupSelectRecipe'>> {
    const { recipes, progress } = await this.load();
    if (!recipes.some((recipe) => recipe.id === input.recipeId)) throw unknownRecipe(input.recipeId);
    if (this.active || this.starting) throw new ApiError('unavailable', 'a step is running; wait for it or cancel it first');
    progress.selectRecipe(input.recipeId);
    const selected = await this.saveAndPublish();
    // Detect what is already done in the newly chosen recipe; results arrive as progress events.
    this.resumed = this.resumeWithChecks().catch(() => undefined);
    return selected;
  }

  async checkStep(input: In<'setupCheckStep'>): Promise<Out<'setupCheckStep'>> {
    const ref = await this.resolveSelected(input);
    const check = ref.step.check;
    if (!check) return this.checkResult(ref.step.id, false, 'This step has no automatic check.');
    const result = await this.withBusyStep(ref, () => this.probe(ref, 'check', check));
    if (result.passed) await this.updateStep(ref, this.doneProgress(result.exitCode));
    return this.checkResult(ref.step.id, result.passed, result.detail);
  }

  async runStep(input: In<'setupRunStep'>): Promise<Out<'setupRunStep'>> {
    const ref = await this.resolveSelected(input);
    const run = ref.step.run;
    if (!run) throw new ApiError('unavailable', `step "${ref.step.id}" has nothing to run: follow its instructions, then confirm`);
    this.assertCanStart(ref);
    // Held until the session exists, so two quick clicks cannot start two runs.
    this.starting = true;
    try {
      const blockers = await this.blockersFor(ref.step);
      if (blockers.length > 0) throw new ApiError('unavailable', `cannot run "${ref.step.title}": ${blockers.join('; ')}`);
      const { progress } = await this.load();
      const log = await StepLog.open(this.logPath(ref), logHeader(this.now(), 'run', run.commands.map(describeCommand).join(' ; ')));
      const sessionId = `run-${randomBytes(8).toString('hex')}`;
      progress.setStep(ref.recipe.id, ref.step.id, { status: 'running', startedAt: this.now(), finishedAt: null, exitCode: null, reason: null });
      const stepRun = new StepRun({
        commands: run.commands,
        timeoutSec: run.timeoutSec,
        loginShell: this.loginShell,
        cwd: this.homeDir,
        env: setupEnvironment(this.homeDir),
        cols: input.cols,
        rows: input.rows,
        killGraceMs: this.options.killGraceMs,
        onOutput: (data) => {
          log.write(data);
          this.publish('setupOutput', { sessionId, data });
        },
      });
      const active: ActiveRun = { sessionId, recipeId: ref.recipe.id, stepId: ref.step.id, run: stepRun, finished: Promise.resolve() };
      this.active = active;
      active.finished = stepRun.done.then((result) => this.finishRun(ref, active, result, log));
      await this.saveAndPublish();
      return { sessionId };
    } finally {
      this.starting = false;
    }
  }

  async verifyStep(input: In<'setupVerifyStep'>): Promise<Out<'setupVerifyStep'>> {
    const ref = await this.resolveSelected(input);
    const probe = ref.step.verify ?? ref.step.check;
    if (!probe) return this.checkResult(ref.step.id, false, 'This step has nothing to verify automatically.');
    const result = await this.withBusyStep(ref, () => this.probe(ref, 'verify', probe));
    await this.updateStep(ref, result.passed ? this.doneProgress(result.exitCode) : this.failedProgress(`verify failed: ${result.detail}`, result.exitCode));
    return this.checkResult(ref.step.id, result.passed, result.detail);
  }

  async skipStep(input: In<'setupSkipStep'>): Promise<Out<'setupSkipStep'>> {
    const ref = await this.resolveSelected(input);
    this.assertStepIdle(ref);
    const previous = (await this.load()).progress.step(ref.recipe.id, ref.step.id);
    await this.updateStep(ref, { ...previous, status: 'skipped', finishedAt: this.now(), reason: 'skipped' });
    return this.progressView();
  }

  async confirmManualStep(input: In<'setupConfirmManualStep'>): Promise<Out<'setupConfirmManualStep'>> {
    const ref = await this.resolveSelected(input);
    if (!ref.step.manual) throw new ApiError('invalid-payload', `step "${ref.step.id}" has no manual part to confirm`);
    const probe = ref.step.verify ?? ref.step.check;
    if (!probe) {
      this.assertStepIdle(ref);
      await this.completeStep(ref, null);
      return this.checkResult(ref.step.id, true, 'Marked as done.');
    }
    const result = await this.withBusyStep(ref, () => this.probe(ref, 'verify', probe));
    if (result.passed) await this.completeStep(ref, result.exitCode);
    else await this.updateStep(ref, this.failedProgress(`not done yet: ${result.detail}`, result.exitCode));
    return this.checkResult(ref.step.id, result.passed, result.detail);
  }

  async input(input: In<'setupInput'>): Promise<Out<'setupInput'>> {
    // Keystrokes go to the terminal only: never logged, never kept.
    this.sessionFor(input.sessionId)?.input(input.data);
    return { ok: true };
  }

  async resize(input: In<'setupResize'>): Promise<Out<'setupResize'>> {
    this.sessionFor(input.sessionId)?.resize(input.cols, input.rows);
    return { ok: true };
  }

  async ack(input: In<'setupAck'>): Promise<Out<'setupAck'>> {
    this.sessionFor(input.sessionId)?.ack(input.chars);
    return { ok: true };
  }

  async cancel(input: In<'setupCancel'>): Promise<Out<'setupCancel'>> {
    this.sessionFor(input.sessionId)?.cancel();
    return { ok: true };
  }

  async readLog(input: In<'setupReadLog'>): Promise<Out<'setupReadLog'>> {
    const ref = await this.resolve(input);
    const logPath = this.logPath(ref);
    return { path: logPath, text: await readStepLog(logPath) };
  }

  async openLog(input: In<'setupOpenLog'>): Promise<Out<'setupOpenLog'>> {
    const ref = await this.resolve(input);
    const logPath = this.logPath(ref);
    const exists = await fs.stat(logPath).then(
      () => true,
      () => false,
    );
    return { path: logPath, opened: exists ? await this.options.shell.showItemInFolder(logPath) : false };
  }

  /** Kills the running step (marked "interrupted") and any probe in flight. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const controller of this.probeAborts) controller.abort();
    const active = this.active;
    if (active) {
      void active.run.interrupt();
      await active.finished;
    }
  }

  // ---- runs ----

  /** Never rejects: whatever fails here, the session ends and the exit event goes out. */
  private async finishRun(ref: StepRef, active: ActiveRun, result: StepRunResult, log: StepLog): Promise<void> {
    let reason = result.reason;
    let succeeded = result.outcome === 'exited' && result.exitCode === 0;
    try {
      if (succeeded && ref.step.verify && !this.disposed) {
        const verified = await this.probe(ref, 'verify', ref.step.verify, log);
        if (!verified.passed) {
          succeeded = false;
          reason = `verify failed: ${verified.detail}`;
        }
      }
      await log.close(logFooter(succeeded ? `done (exit ${result.exitCode ?? '?'})` : `failed: ${reason ?? 'unknown'}`));
    } catch (error) {
      succeeded = false;
      reason = `could not verify: ${error instanceof Error ? error.message : String(error)}`;
    }

    this.active = null;
    this.rememberEnded(active.sessionId);
    try {
      const started = (await this.load()).progress.step(ref.recipe.id, ref.step.id).startedAt;
      if (succeeded) await this.completeStep(ref, result.exitCode, started);
      else await this.updateStep(ref, { ...this.failedProgress(reason ?? 'failed', result.exitCode), startedAt: started });
    } catch {
      // Progress could not be saved (disk full?); the in-memory state is still right.
    } finally {
      this.publish('setupExit', { sessionId: active.sessionId, stepId: ref.step.id, exitCode: result.exitCode, reason });
    }
  }

  private assertCanStart(ref: StepRef): void {
    if (this.disposed) throw new ApiError('unavailable', 'setup is shutting down');
    if (this.active || this.starting) throw new ApiError('unavailable', 'another step is running; wait for it or cancel it first');
    this.assertStepIdle(ref);
  }

  private assertStepIdle(ref: StepRef): void {
    const running = this.active && this.active.recipeId === ref.recipe.id && this.active.stepId === ref.step.id;
    if (running || this.busySteps.has(stepKey(ref))) {
      throw new ApiError('unavailable', `step "${ref.step.id}" is busy; wait for it to finish`);
    }
  }

  /** Blocking preflight failures and step requirements this Mac does not meet (unknowns pass). */
  private async blockersFor(step: Step): Promise<string[]> {
    const facts = await this.currentFacts();
    const blocking = evaluatePreflight(facts)
      .filter((check) => check.blocking && check.ok === false)
      .map((check) => `${check.label}: ${check.detail}`);
    return [...blocking, ...unmetRequirements(step.requires, facts, this.detectGpuVendor())];
  }

  private sessionFor(sessionId: string): StepRun | null {
    if (this.active?.sessionId === sessionId) return this.active.run;
    if (this.endedSessions.includes(sessionId)) return null;
    throw new ApiError('invalid-payload', `unknown setup session "${sessionId}"`);
  }

  private rememberEnded(sessionId: string): void {
    this.endedSessions.push(sessionId);
    if (this.endedSessions.length > MAX_ENDED_SESSIONS) this.endedSessions.shift();
  }

  // ---- probes ----

  private async probe(ref: StepRef, kind: 'check' | 'verify', probe: Probe, openLog?: StepLog): Promise<ProbeResult> {
    const controller = new AbortController();
    this.probeAborts.add(controller);
    const log = openLog ?? (await StepLog.open(this.logPath(ref), logHeader(this.now(), kind, describeCommand(probe))));
    if (openLog) log.write(`\n${logHeader(this.now(), kind, describeCommand(probe))}\n`);
    try {
      const result = await runProbe(probe, {
        loginShell: this.loginShell,
        cwd: this.homeDir,
        env: setupEnvironment(this.homeDir),
        signal: controller.signal,
      });
      log.write(result.output);
      log.write(`\n${logFooter(`${kind} ${result.passed ? 'passed' : 'failed'}: ${result.detail}`)}\n`);
      return result;
    } finally {
      this.probeAborts.delete(controller);
      if (!openLog) await log.close();
    }
  }

  private async withBusyStep<T>(ref: StepRef, work: () => Promise<T>): Promise<T> {
    this.assertStepIdle(ref);
    const key = stepKey(ref);
    this.busySteps.add(key);
    try {
      return await work();
    } finally {
      this.busySteps.delete(key);
    }
  }

  /** Runs checks in order from the first unfinished step, stopping at the first that is not done. */
  private async resumeWithChecks(): Promise<void> {
    const { recipes, progress } = await this.load();
    const recipe = recipes.find((candidate) => candidate.id === progress.selectedRecipeId);
    if (!recipe) return;
    for (const step of recipe.steps) {
      const status = progress.step(recipe.id, step.id).status;
      if (status === 'done' || status === 'skipped') continue;
      const ref = { recipe, step };
      const check = step.check;
      if (this.disposed || this.active) return;
      // A step without a check cannot be detected as done; look further for ones that can.
      if (!check || this.busySteps.has(stepKey(ref))) continue;
      const result = await this.withBusyStep(ref, () => this.probe(ref, 'check', check));
      if (!result.passed) return;
      await this.updateStep(ref, this.doneProgress(result.exitCode));
    }
  }

  // ---- progress ----

  private async completeStep(ref: StepRef, exitCode: number | null, startedAt: number | null = null): Promise<void> {
    const { progress } = await this.load();
    if (ref.step.restartRequired) progress.markRestartPending(ref.recipe.id, ref.step.id, this.bootTime());
    await this.updateStep(ref, { ...this.doneProgress(exitCode), startedAt });
  }

  private doneProgress(exitCode: number | null): StepProgress {
    return { status: 'done', startedAt: null, finishedAt: this.now(), exitCode, reason: null };
  }

  private failedProgress(reason: string, exitCode: number | null): StepProgress {
    return { status: 'failed', startedAt: null, finishedAt: this.now(), exitCode, reason: oneLine(reason) };
  }

  private async updateStep(ref: StepRef, next: StepProgress): Promise<SetupProgress> {
    const { progress } = await this.load();
    progress.setStep(ref.recipe.id, ref.step.id, next);
    return this.saveAndPublish();
  }

  private async saveAndPublish(): Promise<SetupProgress> {
    const { progress } = await this.load();
    await progress.save();
    const view = await this.progressView();
    this.publish('setupProgress', view);
    return view;
  }

  private async progressView(): Promise<SetupProgress> {
    const { recipes, progress } = await this.load();
    const recipe = recipes.find((candidate) => candidate.id === progress.selectedRecipeId) ?? null;
    if (!recipe) {
      return { recipeId: null, steps: {}, currentStepId: null, restartPendingStepId: null, activeSession: null };
    }
    const steps: Record<string, StepProgress> = {};
    for (const step of recipe.steps) steps[step.id] = progress.step(recipe.id, step.id);
    const current = recipe.steps.find((step) => steps[step.id]?.status !== 'done' && steps[step.id]?.status !== 'skipped');
    return {
      recipeId: recipe.id,
      steps,
      currentStepId: current?.id ?? null,
      restartPendingStepId: progress.restartPendingStepId(recipe.id),
      activeSession:
        this.active && this.active.recipeId === recipe.id ? { sessionId: this.active.sessionId, stepId: this.active.stepId } : null,
    };
  }

  private async checkResult(stepId: string, passed: boolean, detail: string): Promise<Out<'setupCheckStep'>> {
    return { stepId, passed, detail: oneLine(detail), progress: await this.progressView() };
  }

  // ---- lookups ----

  private load(): Promise<Loaded> {
    this.loaded ??= (async () => {
      const { recipes, errors } = await loadRecipes(this.options.recipesDir);
      const progress = await ProgressStore.load(this.options.dataDir, { bootTime: this.bootTime(), now: this.now() });
      return { recipes, errors, progress };
    })();
    return this.loaded;
  }

  /** Only ids of loaded recipes and their steps are accepted. */
  private async resolve(ref: { recipeId: string; stepId: string }): Promise<StepRef> {
    const { recipes } = await this.load();
    const recipe = recipes.find((candidate) => candidate.id === ref.recipeId);
    if (!recipe) throw unknownRecipe(ref.recipeId);
    const step = recipe.steps.find((candidate) => candidate.id === ref.stepId);
    if (!step) throw new ApiError('invalid-payload', `recipe "${recipe.id}" has no step "${ref.stepId}"`);
    return { recipe, step };
  }

  private async resolveSelected(ref: { recipeId: string; stepId: string }): Promise<StepRef> {
    const resolved = await this.resolve(ref);
    const { progress } = await this.load();
    if (progress.selectedRecipeId !== resolved.recipe.id) {
      throw new ApiError('invalid-payload', `recipe "${resolved.recipe.id}" is not the selected recipe; select it first`);
    }
    return resolved;
  }

  private logPath(ref: StepRef): string {
    return stepLogPath(this.options.dataDir, ref.recipe.id, ref.step.id);
  }

  private async currentFacts(): Promise<HostFacts> {
    if (this.facts && this.now() - this.facts.at < FACTS_MAX_AGE_MS) return this.facts.value;
    let value: HostFacts;
    try {
      value = await (this.options.hostFacts ?? (() => gatherHostFacts(this.homeDir)))();
    } catch {
      value = this.facts?.value ?? minimalFacts();
    }
    this.facts = { value, at: this.now() };
    return value;
  }

  private detectGpuVendor(): GpuVendorChoice | null {
    try {
      return this.options.detectGpuVendor?.() ?? null;
    } catch {
      return null;
    }
  }

  private publish<E extends SetupEventName>(event: E, payload: EventPayload<E>): void {
    if (this.disposed) return;
    try {
      this.options.emit(event, payload);
    } catch {
      // A failing listener must not take a running step (or its timers) down with it.
    }
  }
}

function stepKey(ref: StepRef): string {
  return `${ref.recipe.id}/${ref.step.id}`;
}

function unknownRecipe(recipeId: string): ApiError {
  return new ApiError('invalid-payload', `unknown recipe "${recipeId}"`);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

function minimalFacts(): HostFacts {
  return {
    platform: os.platform(),
    arch: os.arch(),
    appleSilicon: null,
    macosVersion: null,
    freeDiskBytes: null,
    ramBytes: os.totalmem(),
    homebrewPath: null,
    thunderboltPorts: null,
  };
}
