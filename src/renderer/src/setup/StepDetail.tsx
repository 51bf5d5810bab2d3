import type { StepView } from '../../../core/api/setup';
import { CommandList } from './CommandList';
import { ManualInstructions } from './ManualInstructions';
import { estimateLabel, STATUS_LABELS, stepStatus } from './progress-summary';
import { useSetup } from './setup-store';
import { StatusIcon } from './StatusIcon';

/** Everything about one step: why, what it needs, what it runs, what the user must do. */
export function StepDetail({ step }: { step: StepView }) {
  const status = useSetup((state) => stepStatus(state.progress, step.id));
  const busy = useSetup((state) => state.pending !== null || state.progress?.activeSession != null);
  const { manual } = step;
  return (
    <div className="step-detail">
      <header className="step-detail-header">
        <h2>{step.title}</h2>
        <span className={`step-status-pill step-status-pill-${status}`} data-testid="selected-step-status">
          <StatusIcon status={status} />
          {STATUS_LABELS[status]}
        </span>
      </header>
      <p className="step-why">{step.why}</p>
      <ul className="step-facts" aria-label="About this step">
        <li>{estimateLabel(step.estimatedMinutes)}</li>
        {step.requirements.map((requirement) => (
          <li key={requirement}>Needs {requirement}</li>
        ))}
        {step.restartRequired && <li>Restart afterwards</li>}
      </ul>
      {step.commands.length > 0 && <CommandList commands={step.commands} />}
      {manual && <ManualInstructions stepId={step.id} manual={manual} disabled={busy} />}
    </div>
  );
}
