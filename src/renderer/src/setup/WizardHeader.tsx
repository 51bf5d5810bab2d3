import { Button } from '../components/controls';
import { ChevronLeftIcon } from '../components/icons';
import { navigate } from '../router';
import { useUi } from '../store';
import { progressText, summarizeProgress } from './progress-summary';
import { RecipePicker } from './RecipePicker';
import { recipeOf, useSetup } from './setup-store';

/** Title, the chosen recipe and how far along setup is. */
export function WizardHeader() {
  const webMode = useUi((ui) => ui.info?.transport === 'web');
  const recipe = useSetup(recipeOf);
  const progress = useSetup((state) => state.progress);
  const summary = recipe ? summarizeProgress(recipe, progress) : null;
  return (
    <header className="wizard-header">
      <div className="wizard-heading">
        <div className="wizard-title-row">
          <h1>Set up your eGPU</h1>
          {/* In the app the wizard is its own window; in a browser tab it needs a way back. */}
          {webMode && (
            <Button variant="link" className="wizard-back back-button" onClick={() => navigate('popover')}>
              <ChevronLeftIcon /> Status
            </Button>
          )}
        </div>
        {summary && (
          <div className="wizard-progress">
            <span data-testid="setup-progress-text">{progressText(summary)}</span>
            <div
              className="wizard-progress-bar"
              role="progressbar"
              aria-label="Setup progress"
              aria-valuemin={0}
              aria-valuemax={summary.total}
              aria-valuenow={summary.finished}
              aria-valuetext={progressText(summary)}
            >
              <div className="wizard-progress-fill" style={{ width: `${summary.total === 0 ? 0 : (100 * summary.finished) / summary.total}%` }} />
            </div>
          </div>
        )}
      </div>
      <RecipePicker />
    </header>
  );
}
