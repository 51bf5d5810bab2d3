// The recipes and the saved progress, loaded once and kept in memory. Reads never touch the disk
// or change anything; every change is saved at once and published as a setupProgress event.
import { ApiError } from '../api/contract';
import type { SetupProgress, StepProgress } from '../api/setup';
import { ProgressStore } from './progress-store';
import { loadRecipes } from './recipe-loader';
import type { Recipe, Step } from './recipe-schema';
import type { ActiveSession } from './run-state';

export interface StepRef {
  recipe: Recipe;
  step: Step;
}

export interface SetupModelOptions {
  dataDir: string;
  recipesDir: string;
  now: () => number;
  bootTime: () => number;
  /** The session the terminal shows, for the progress view. */
  activeSession: () => ActiveSession | null;
  publish: (progress: SetupProgress) => void;
}

/** Statuses after which the wizard moves on to the next step. */
const SETTLED = new Set<StepProgress['status']>(['done', 'skipped', 'waiting-approval']);

export function isSettled(status: StepProgress['status']): boolean {
  return SETTLED.has(status);
}

export class SetupModel {
  private loading: Promise<LoadedModel> | null = null;

  constructor(private readonly options: SetupModelOptions) {}

  /** Loads recipes and progress the first time; a failed load is tried again on the next call. */
  loaded(): Promise<LoadedModel> {
    this.loading ??= LoadedModel.load(this.options).catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }
}

export class LoadedModel {
  private constructor(
    readonly recipes: Recipe[],
    readonly recipeErrors: string[],
    private readonly progress: ProgressStore,
    private readonly options: SetupModelOptions,
  ) {}

  static async load(options: SetupModelOptions): Promise<LoadedModel> {
    const { recipes, errors } = await loadRecipes(options.recipesDir);
    const progress = await ProgressStore.load(options.dataDir, { bootTime: options.bootTime(), now: options.now() });
    return new LoadedModel(recipes, errors, progress, options);
  }

  get selectedRecipeId(): string | null {
    return this.progress.selectedRecipeId;
  }

  selectedRecipe(): Recipe | null {
    return this.recipes.find((recipe) => recipe.id === this.progress.selectedRecipeId) ?? null;
  }

  stepProgress(ref: StepRef): StepProgress {
    return this.progress.step(ref.recipe.id, ref.step.id);
  }

  /** Only ids of loaded recipes and their steps are accepted. */
  resolve(ids: { recipeId: string; stepId: string }): StepRef {
    const recipe = this.recipes.find((candidate) => candidate.id === ids.recipeId);
    if (!recipe) throw unknownRecipe(ids.recipeId);
    const step = recipe.steps.find((candidate) => candidate.id === ids.stepId);
    if (!step) throw new ApiError('invalid-payload', `recipe "${recipe.id}" has no step "${ids.stepId}"`);
    return { recipe, step };
  }

  resolveSelected(ids: { recipeId: string; stepId: string }): StepRef {
    const ref = this.resolve(ids);
    if (this.progress.selectedRecipeId !== ref.recipe.id) {
      throw new ApiError('invalid-payload', `recipe "${ref.recipe.id}" is not the selected recipe; select it first`);
    }
    return ref;
  }

  assertKnownRecipe(recipeId: string): void {
    if (!this.recipes.some((recipe) => recipe.id === recipeId)) throw unknownRecipe(recipeId);
  }

  // ---- changes: each one is saved and published ----

  selectRecipe(recipeId: string): Promise<SetupProgress> {
    this.progress.selectRecipe(recipeId);
    return this.commit();
  }

  setStep(ref: StepRef, next: StepProgress): Promise<SetupProgress> {
    this.progress.setStep(ref.recipe.id, ref.step.id, next);
    return this.commit();
  }

  /**
   * The step is done. A step that needs a restart remembers the boot it finished in; steps that were
   * waiting for an approval are done too, since getting past the approval was what they waited for.
   */
  completeStep(ref: StepRef, next: StepProgress): Promise<SetupProgress> {
    if (ref.step.restartRequired) this.progress.markRestartPending(ref.recipe.id, ref.step.id, this.options.bootTime());
    this.progress.setStep(ref.recipe.id, ref.step.id, next);
    for (const earlier of ref.recipe.steps.slice(0, ref.recipe.steps.indexOf(ref.step))) {
      const progress = this.progress.step(ref.recipe.id, earlier.id);
      if (progress.status === 'waiting-approval') this.progress.setStep(ref.recipe.id, earlier.id, { ...progress, status: 'done', reason: null });
    }
    return this.commit();
  }

  // ---- reads ----

  progressView(): SetupProgress {
    const recipe = this.selectedRecipe();
    if (!recipe) return { recipeId: null, steps: {}, currentStepId: null, restartPendingStepId: null, activeSession: null };
    const steps: Record<string, StepProgress> = {};
    for (const step of recipe.steps) steps[step.id] = this.progress.step(recipe.id, step.id);
    const current = recipe.steps.find((step) => !isSettled(steps[step.id]?.status ?? 'pending'));
    const active = this.options.activeSession();
    return {
      recipeId: recipe.id,
      steps,
      currentStepId: current?.id ?? null,
      restartPendingStepId: this.progress.restartPendingStepId(recipe.id),
      activeSession: active && active.recipeId === recipe.id ? { sessionId: active.sessionId, stepId: active.stepId } : null,
    };
  }

  /** Publishes the current view (the terminal session started or ended) without saving. */
  announce(): SetupProgress {
    const view = this.progressView();
    this.options.publish(view);
    return view;
  }

  private async commit(): Promise<SetupProgress> {
    await this.progress.save();
    return this.announce();
  }
}

export function unknownRecipe(recipeId: string): ApiError {
  return new ApiError('invalid-payload', `unknown recipe "${recipeId}"`);
}
