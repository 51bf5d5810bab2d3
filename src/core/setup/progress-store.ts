// Setup progress on disk (<dataDir>/setup-progress.json), per recipe and step, written atomically.
// Loading repairs what a quit or crash can leave behind: a corrupt file is set aside, a step left
// "running" becomes failed ("interrupted"), and a pending restart is cleared once the Mac rebooted.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StepProgressSchema, type StepProgress } from '../api/setup';
import { readFileIfExists, writeFileAtomic } from '../store/atomic-file';

export const PROGRESS_FILE_NAME = 'setup-progress.json';

/** Boot times computed as now − uptime wobble by a second or so; a reboot moves them by far more. */
const REBOOT_TOLERANCE_MS = 60_000;

const RestartPendingSchema = z.object({
  recipeId: z.string(),
  stepId: z.string(),
  /** Boot time (ms since epoch) when the step finished. */
  bootTime: z.number(),
});

const StoredProgressSchema = z.object({
  version: z.literal(1),
  selectedRecipeId: z.string().nullable(),
  recipes: z.record(z.string(), z.record(z.string(), StepProgressSchema)),
  restartPending: RestartPendingSchema.nullable(),
});
type StoredProgress = z.infer<typeof StoredProgressSchema>;

export const PENDING_STEP: StepProgress = Object.freeze({
  status: 'pending',
  startedAt: null,
  finishedAt: null,
  exitCode: null,
  reason: null,
});

export interface ProgressLoadOptions {
  /** Current boot time in ms since epoch. */
  bootTime: number;
  now: number;
}

export class ProgressStore {
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly filePath: string,
    private data: StoredProgress,
  ) {}

  static async load(dataDir: string, options: ProgressLoadOptions): Promise<ProgressStore> {
    const filePath = path.join(dataDir, PROGRESS_FILE_NAME);
    const text = await readFileIfExists(filePath);
    const data = text === null ? emptyProgress() : await parseOrSetAside(filePath, text, options.now);
    const store = new ProgressStore(filePath, data);
    const interrupted = store.markInterrupted();
    const rebooted = store.clearRestartIfRebooted(options.bootTime);
    if (interrupted || rebooted) await store.save();
    return store;
  }

  get selectedRecipeId(): string | null {
    return this.data.selectedRecipeId;
  }

  selectRecipe(recipeId: string): void {
    this.data.selectedRecipeId = recipeId;
  }

  step(recipeId: string, stepId: string): StepProgress {
    return this.data.recipes[recipeId]?.[stepId] ?? { ...PENDING_STEP };
  }

  setStep(recipeId: string, stepId: string, progress: StepProgress): void {
    const steps = (this.data.recipes[recipeId] ??= {});
    steps[stepId] = StepProgressSchema.parse(progress);
  }

  restartPendingStepId(recipeId: string): string | null {
    const pending = this.data.restartPending;
    return pending && pending.recipeId === recipeId ? pending.stepId : null;
  }

  markRestartPending(recipeId: string, stepId: string, bootTime: number): void {
    this.data.restartPending = { recipeId, stepId, bootTime };
  }

  /** Writes are queued so the file always ends up with the latest state. */
  save(): Promise<void> {
    const text = `${JSON.stringify(this.data, null, 2)}\n`;
    const write = this.saving.then(() => writeFileAtomic(this.filePath, text));
    this.saving = write.catch(() => undefined);
    return write;
  }

  private markInterrupted(): boolean {
    let changed = false;
    for (const steps of Object.values(this.data.recipes)) {
      for (const [stepId, progress] of Object.entries(steps)) {
        if (progress.status !== 'running') continue;
        steps[stepId] = { ...progress, status: 'failed', reason: 'interrupted' };
        changed = true;
      }
    }
    return changed;
  }

  private clearRestartIfRebooted(currentBootTime: number): boolean {
    const pending = this.data.restartPending;
    if (!pending || currentBootTime - pending.bootTime <= REBOOT_TOLERANCE_MS) return false;
    this.data.restartPending = null;
    return true;
  }
}

function emptyProgress(): StoredProgress {
  return { version: 1, selectedRecipeId: null, recipes: {}, restartPending: null };
}

/** A file we cannot read is kept next to the fresh one (for a bug report), never silently lost. */
async function parseOrSetAside(filePath: string, text: string, now: number): Promise<StoredProgress> {
  try {
    return StoredProgressSchema.parse(JSON.parse(text));
  } catch {
    await fs.rename(filePath, `${filePath}.corrupt-${now}`).catch(() => undefined);
    return emptyProgress();
  }
}
