import { useEffect } from 'react';
import { ConsolePane } from '../setup/ConsolePane';
import { PreflightList } from '../setup/PreflightList';
import { summarizeProgress } from '../setup/progress-summary';
import { bindSetup, loadOverview, recipeOf, selectedStepOf, useSetup } from '../setup/setup-store';
import { SetupFinished } from '../setup/SetupFinished';
import { SetupNotices } from '../setup/SetupNotices';
import { StepList } from '../setup/StepList';
import { StepPanel } from '../setup/StepPanel';
import { WizardHeader } from '../setup/WizardHeader';
import { useUi } from '../store';

/** The guided setup wizard: steps on the left, the selected step and its terminal on the right. */
export function SetupView() {
  const api = useUi((ui) => ui.api);
  const connection = useUi((ui) => ui.connection);
  const overview = useSetup((state) => state.overview);
  const loadError = useSetup((state) => state.loadError);
  const step = useSetup(selectedStepOf);
  const recipe = useSetup(recipeOf);
  const progress = useSetup((state) => state.progress);
  const complete = recipe ? summarizeProgress(recipe, progress).complete : false;

  useEffect(() => (api ? bindSetup(api) : undefined), [api]);
  // Also after a reconnect: progress may have moved on while the connection was down.
  useEffect(() => {
    if (api && connection === 'open') void loadOverview();
  }, [api, connection]);

  return (
    <div className="wizard">
      <WizardHeader />
      <SetupNotices />
      {!overview ? (
        !loadError && <p className="wizard-loading muted">Looking at this Mac…</p>
      ) : (
        <>
          <PreflightList />
          {complete && <SetupFinished />}
          <div className="wizard-body">
            <StepList />
            <div className="wizard-main">
              {step ? (
                <StepPanel step={step} />
              ) : (
                <p className="step-panel step-panel-empty muted">Pick a recipe above to begin.</p>
              )}
              <ConsolePane />
            </div>
          </div>
        </>
      )}
    </div>
  );
}
