// Setup progress on disk (<dataDir>/setup-progress.json), per recipe and step, written atomically.
// Loading repairs what a quit or crash can leave behind: a corrupt file is set aside, a step left
// "running" becomes failed ("interrupted"), and a pending restart is cleared once the Mac rebooted.
// Loading never fails: a file that cannot be used leaves a notice (`notice`) for the wizard to show.
import path from 'node:path';
import { z } from 'zod';
import type { Notice } from '../api/schemas';
import { StepProgressSchema, type StepProgress } from '../api/setup';
import { describeError, type LoggerPort } from '../platform/logger';
import type { DocumentFileOps } from '../store/document-files';
import { JsonDocumentStore } from '../store/json-document-store';

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
  logger?: LoggerPort;
  files?: DocumentFileOps;
}

export class ProgressStore {
  private constructor(
    private readonly document: JsonDocumentStore<StoredProgress>,
    private data: StoredProgress,
    /** Why the progress started over (corrupt or unreadable file, with its path), or null. */
    readonly notice: Notice | null,
  ) {}

  get filePath(): string {
    return this.document.filePath;
  }

  static async load(dataDir: string, options: ProgressLoadOptions): Promise<ProgressStore> {
    const document = new JsonDocumentStore<StoredProgress>({
      filePath: path.join(dataDir, PROGRESS_FILE_NAME),
      what: 'setup progress',
      noticeId: 'setup-progress-unreadable',
      parse: (raw) => {
        const result = StoredProgressSchema.safeParse(raw);
        if (result.success) return { ok: true, value: result.data };
        const issue = result.error.issues[0];
        return { ok: false, reason: `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}` };
      },
      now: () => options.now,
      logger: options.logger,
      files: options.files,
    });
    const loaded = await document.load();
    const store = new ProgressStore(document, loaded.status === 'ok' ? loaded.value : emptyProgress(), loaded.notice);
    const interrupted = store.markInterrupted();
    const rebooted = store.clearRestartIfRebooted(options.bootTime);
    if (interrupted || rebooted) {
      // The repaired progress is in memory; the next save writes it if the disk refuses now.
      await store.save().catch((error: unknown) => options.logger?.warn(describeError(error)));
    }
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
    // A copy: later changes must not leak into a write still waiting in the queue.
    return this.document.save(structuredClone(this.data));
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
