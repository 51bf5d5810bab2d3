import { dismissActionError, recipeOf, useSetup } from './setup-store';

/** Everything that needs the user's attention before the steps: errors, a blocked Mac, a pending restart. */
export function SetupNotices() {
  const overview = useSetup((state) => state.overview);
  const loadError = useSetup((state) => state.loadError);
  const actionError = useSetup((state) => state.actionError);
  const restartStepId = useSetup((state) => state.progress?.restartPendingStepId ?? null);
  const recipe = useSetup(recipeOf);
  const blocking = overview?.preflight.filter((check) => check.blocking && check.ok === false) ?? [];
  const restartStep = recipe?.steps.find((step) => step.id === restartStepId);

  return (
    <div className="wizard-notices">
      {loadError && (
        <div className="wizard-banner wizard-banner-critical" role="alert">
          Could not load the setup steps: {loadError}
        </div>
      )}
      {blocking.length > 0 && (
        <div className="wizard-banner wizard-banner-critical" role="alert" data-testid="preflight-blocking">
          <strong>Setup can’t run on this Mac.</strong>
          {blocking.map((check) => (
            <span key={check.id}>
              {check.label}: {check.detail}
            </span>
          ))}
        </div>
      )}
      {restartStepId && (
        <div className="wizard-banner wizard-banner-info" role="status" data-testid="restart-pending">
          <strong>Restart your Mac to finish “{restartStep?.title ?? restartStepId}”.</strong>
          <span>Setup picks up at the next step when you open it again after the restart.</span>
        </div>
      )}
      {overview && overview.recipeErrors.length > 0 && (
        <div className="wizard-banner wizard-banner-warning" role="status" data-testid="recipe-errors">
          <strong>Some setup recipes could not be loaded and are not offered:</strong>
          <ul>
            {overview.recipeErrors.map((error) => (
              <li key={error}>
                <code>{error}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {actionError && (
        <div className="wizard-banner wizard-banner-warning" role="alert">
          <span>{actionError}</span>
          <button type="button" className="link-button" onClick={dismissActionError}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
