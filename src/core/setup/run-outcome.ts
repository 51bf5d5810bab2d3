// How a step's run ends up: the run's result, what the recipe says its exit means, and the step's
// verify (which runs after any exit, since a wrapper script may fail although the work was done).
import type { StepProgress, StepStatus } from '../api/setup';
import type { ProbeResult } from './probe-runner';
import type { StepRunResult } from './step-run';

export const WAITING_APPROVAL_REASON = 'waiting for your approval';

export interface RunOutcome {
  status: Extract<StepStatus, 'done' | 'failed' | 'waiting-approval'>;
  /** null for done; one line otherwise. */
  reason: string | null;
}

/** Only a command that exited (with any code) may have done its work; a stopped one did not. */
export function shouldVerify(result: StepRunResult): boolean {
  return result.outcome === 'exited';
}

/** `verify` is null when the step has none or it could not run. */
export function decideOutcome(result: StepRunResult, verify: ProbeResult | null): RunOutcome {
  const exitedCleanly = result.outcome === 'exited' && result.exitCode === 0;
  const verifyFailed = verify !== null && !verify.passed;
  if (verifyFailed) {
    const why = `verify failed: ${verify.detail}`;
    return { status: 'failed', reason: exitedCleanly || !result.reason ? why : `${result.reason}; ${why}` };
  }
  if (exitedCleanly) return { status: 'done', reason: null };
  if (result.outcome === 'exited' && result.meaning === 'needs-approval') return { status: 'waiting-approval', reason: WAITING_APPROVAL_REASON };
  // A wrapper that failed after doing the work: its verify has the last word.
  if (result.outcome === 'exited' && verify?.passed) return { status: 'done', reason: null };
  return { status: 'failed', reason: result.reason ?? 'failed' };
}

export function outcomeProgress(outcome: RunOutcome, result: StepRunResult, startedAt: number | null, now: number): StepProgress {
  return { status: outcome.status, startedAt, finishedAt: now, exitCode: result.exitCode, reason: outcome.reason === null ? null : oneLine(outcome.reason) };
}

export function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
