// The one place a failed action is shown: every store action reports into `actionError`, and each
// window draws this banner once, at the top, with a way to dismiss it.
import { dismissActionError, useUi } from '../store';

export function ActionErrorBanner() {
  const actionError = useUi((ui) => ui.actionError);
  if (!actionError) return null;
  return (
    <div className="banner banner-warning action-error" data-testid="action-error">
      <span className="banner-text" role="alert">
        {actionError}
      </span>
      <button type="button" className="link-button" onClick={dismissActionError}>
        Dismiss
      </button>
    </div>
  );
}
