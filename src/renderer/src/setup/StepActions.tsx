import type { StepView } from '../../../core/api/setup';
import { isFinished, stepStatus } from './progress-summary';
import { cancelRun, checkStep, isBlocked, runStep, showLog, skipStep, useSetup, verifyStep } from './setup-store';

/** Run / Cancel / Retry, Skip, Verify and the log, as fit the step's state. */
export function StepActions({ step }: { step: StepView }) {
  const progress = useSetup((state) => state.progress);
  const pending = useSetup((state) => state.pending);
  const blocked = useSetup((state) => isBlocked(state.overview));
  const status = stepStatus(progress, step.id);
  const activeStepId = progress?.activeSession?.stepId ?? null;
  const running = activeStepId === step.id;
  const otherRunning = activeStepId !== null && !running;
  const busy = pending !== null;
  const canProbe = step.hasVerify || step.hasCheck;

  const runHint = blocked ? 'This Mac does not meet a requirement listed above.' : otherRunning ? 'Another step is running; wait for it or cancel it.' : null;

  return (
    <div className="step-actions">
      <div className="step-buttons">
        {running && (
          <button type="button" className="danger" disabled={pending === 'cancel'} onClick={() => void cancelRun()}>
            Cancel
          </button>
        )}
        {!running && step.commands.length > 0 && (
          <button type="button" className="primary" disabled={blocked || otherRunning || busy} title={runHint ?? undefined} onClick={() => void runStep(step.id)}>
            {status === 'failed' ? 'Retry' : status === 'done' || status === 'waiting-approval' ? 'Run again' : 'Run'}
          </button>
        )}
        {!running && step.hasCheck && status === 'pending' && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void checkStep(step.id)}>
            Check if already done
          </button>
        )}
        {!running && canProbe && status !== 'pending' && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void verifyStep(step.id)}>
            Verify
          </button>
        )}
        {!running && !isFinished(status) && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void skipStep(step.id)}>
            Skip
          </button>
        )}
        <button type="button" className="secondary" disabled={busy} onClick={() => void showLog(step.id)}>
          Open log
        </button>
      </div>
      {runHint && step.commands.length > 0 && !running && <p className="step-hint">{runHint}</p>}
    </div>
  );
}
