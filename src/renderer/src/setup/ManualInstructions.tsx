import type { StepView } from '../../../core/api/setup';
import { confirmManualStep, openExternalUrl } from './setup-store';

type ManualPart = NonNullable<StepView['manual']>;

/** The part of a step only the user can do (approve a driver, restart), and the button to say it is done. */
export function ManualInstructions({ stepId, manual, disabled }: { stepId: string; manual: ManualPart; disabled: boolean }) {
  const { instructions, openUrl, openLabel } = manual;
  return (
    <section className="step-section step-manual">
      <h3>Do this yourself</h3>
      <p className="manual-instructions">{instructions}</p>
      <div className="step-buttons">
        {openUrl && (
          <button type="button" className="secondary" onClick={() => void openExternalUrl(openUrl, stepId)}>
            {openLabel ?? 'Open System Settings'}
          </button>
        )}
        <button type="button" className="primary" disabled={disabled} onClick={() => void confirmManualStep(stepId)}>
          Done, check again
        </button>
      </div>
    </section>
  );
}
