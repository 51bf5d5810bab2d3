import type { StepView } from '../../../core/api/setup';
import { StepActions } from './StepActions';
import { StepDetail } from './StepDetail';
import { STEP_PANEL_ID, stepTabId } from './StepList';
import { StepResult } from './StepResult';

/** The selected step: its details scroll, its buttons and last result stay in view above the terminal. */
export function StepPanel({ step }: { step: StepView }) {
  return (
    <section role="tabpanel" id={STEP_PANEL_ID} aria-labelledby={stepTabId(step.id)} className="step-panel">
      <div className="step-scroll">
        <StepDetail step={step} />
      </div>
      <div className="step-actions-bar">
        <StepActions step={step} />
        <StepResult stepId={step.id} />
      </div>
    </section>
  );
}
