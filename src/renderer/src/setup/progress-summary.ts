// Pure wording for the wizard: how far along setup is, how long is left, what each status means.
import type { PreflightCheck, RecipeView, SetupProgress, StepStatus } from '../../../core/api/setup';

export interface ProgressSummary {
  total: number;
  /** Done or skipped: a step waiting for the user's approval is not done yet. */
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

/** What the progress bar and the badge count: only steps that are done (or deliberately skipped). */
export function countsAsDone(status: StepStatus): boolean {
  return status === 'done' || status === 'skipped';
}

export function summarizeProgress(recipe: RecipeView, progress: SetupProgress | null): ProgressSummary {
  let finished = 0;
  let minutesLeft = 0;
  for (const step of recipe.steps) {
    if (countsAsDone(stepStatus(progress, step.id))) finished += 1;
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
  return `Setup ${statuses.filter(countsAsDone).length}/${statuses.length}`;
}

/**
 * The preflight chips as the steps have changed them: a check that failed before setup ("Homebrew")
 * reads as met once the step that installs it (`install-homebrew`) is done.
 */
export function preflightAfterSteps(checks: readonly PreflightCheck[], progress: SetupProgress | null): PreflightCheck[] {
  return checks.map((check) => {
    if (check.ok === true) return check;
    const installed = progress?.steps[`install-${check.id}`]?.status === 'done';
    return installed ? { ...check, ok: true, detail: `${check.label}: installed by setup` } : check;
  });
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
