// Pure wording for the wizard: how far along setup is, how long is left, what each status means.
import type { RecipeView, SetupProgress, StepStatus } from '../../../core/api/setup';

export interface ProgressSummary {
  total: number;
  /** Done, skipped, or installed and waiting for the user's approval (the wizard moved on). */
  finished: number;
  /** Sum of the estimates of the steps still to do. */
  minutesLeft: number;
  complete: boolean;
}

export const STATUS_LABELS: Record<StepStatus, string> = {
  pending: 'Not started',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  'waiting-approval': 'Waiting for your approval',
};

export function stepStatus(progress: SetupProgress | null, stepId: string): StepStatus {
  return progress?.steps[stepId]?.status ?? 'pending';
}

export function isFinished(status: StepStatus): boolean {
  return status === 'done' || status === 'skipped' || status === 'waiting-approval';
}

export function summarizeProgress(recipe: RecipeView, progress: SetupProgress | null): ProgressSummary {
  let finished = 0;
  let minutesLeft = 0;
  for (const step of recipe.steps) {
    if (isFinished(stepStatus(progress, step.id))) finished += 1;
    else minutesLeft += step.estimatedMinutes;
  }
  const total = recipe.steps.length;
  return { total, finished, minutesLeft: Math.ceil(minutesLeft), complete: total > 0 && finished === total };
}

/** "3 of 9 steps done · about 25 min left" */
export function progressText(summary: ProgressSummary): string {
  if (summary.complete) return `All ${summary.total} ${plural(summary.total, 'step')} done`;
  return `${summary.finished} of ${summary.total} ${plural(summary.total, 'step')} done · ${timeLeft(summary.minutesLeft)}`;
}

export function timeLeft(minutes: number): string {
  if (minutes < 1) return 'under a minute left';
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h left` : `about ${hours} h ${rest} min left`;
}

/** "~5 min" beside a step; "<1 min" for the quick ones. */
export function estimateLabel(minutes: number): string {
  return minutes < 1 ? '<1 min' : `~${Math.round(minutes)} min`;
}

/** Footer badge for the popover: "Setup 3/9", or null when there is nothing unfinished to show. */
export function badgeText(progress: SetupProgress | null): string | null {
  if (!progress || progress.recipeId === null || progress.currentStepId === null) return null;
  const statuses = Object.values(progress.steps).map((step) => step.status);
  if (statuses.length === 0) return null;
  return `Setup ${statuses.filter(isFinished).length}/${statuses.length}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
