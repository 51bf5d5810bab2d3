import type { KeyboardEvent } from 'react';
import type { StepView } from '../../../core/api/setup';
import { estimateLabel, STATUS_LABELS, stepStatus } from './progress-summary';
import { recipeOf, selectStep, useSetup } from './setup-store';
import { StatusIcon } from './StatusIcon';

export const STEP_PANEL_ID = 'setup-step-panel';

export function stepTabId(stepId: string): string {
  return `setup-step-tab-${stepId}`;
}

/** The recipe's steps as vertical tabs: Tab reaches the selected one, arrow keys move between them. */
export function StepList() {
  const recipe = useSetup(recipeOf);
  const progress = useSetup((state) => state.progress);
  const selectedStepId = useSetup((state) => state.selectedStepId);
  if (!recipe) return <nav className="step-list step-list-empty muted">Choose a recipe to see its steps.</nav>;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = nextStep(recipe.steps, selectedStepId, event.key);
    if (!next) return;
    event.preventDefault();
    selectStep(next.id);
    document.getElementById(stepTabId(next.id))?.focus();
  };

  return (
    <nav className="step-list" aria-label="Setup steps">
      <div role="tablist" aria-orientation="vertical" aria-label="Setup steps" onKeyDown={onKeyDown}>
        {recipe.steps.map((step, index) => {
          const status = stepStatus(progress, step.id);
          const selected = step.id === selectedStepId;
          const current = step.id === progress?.currentStepId;
          return (
            <button
              key={step.id}
              type="button"
              role="tab"
              id={stepTabId(step.id)}
              aria-controls={STEP_PANEL_ID}
              aria-selected={selected}
              aria-current={current ? 'step' : undefined}
              tabIndex={selected || (selectedStepId === null && index === 0) ? 0 : -1}
              className={['step-tab', selected ? 'step-tab-selected' : '', current ? 'step-tab-current' : ''].join(' ').trim()}
              data-status={status}
              onClick={() => selectStep(step.id)}
            >
              <StatusIcon status={status} />
              <span className="step-tab-text">
                <span className="step-tab-title">
                  {index + 1}. {step.title}
                </span>
                <span className="step-tab-meta">
                  <span data-testid="step-status">{STATUS_LABELS[status]}</span>
                  {current && status !== 'running' && <span className="step-tab-next"> · Next</span>}
                  <span> · {estimateLabel(step.estimatedMinutes)}</span>
                </span>
              </span>
            </button>
          );
        })}
      </div>
    </nav>
  );
}

function nextStep(steps: StepView[], selectedStepId: string | null, key: string): StepView | undefined {
  const index = steps.findIndex((step) => step.id === selectedStepId);
  switch (key) {
    case 'ArrowDown':
      return steps[Math.min(steps.length - 1, index + 1)];
    case 'ArrowUp':
      return steps[Math.max(0, index - 1)];
    case 'Home':
      return steps[0];
    case 'End':
      return steps[steps.length - 1];
    default:
      return undefined;
  }
}
