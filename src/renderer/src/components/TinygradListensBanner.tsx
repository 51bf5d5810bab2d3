// While the managed tinygrad server runs, the speed view says that it is open to the network (tinygrad
// binds every interface) and offers to stop it. The core raises the same warning in the popover.
import { TINYGRAD_LISTENS_HAZARD_ID } from '../../../core/api/inference';
import { TINYGRAD_SERVER_WORDS } from '../../../core/api/present';
import { stopTinygrad } from '../inference-store';
import { useUi } from '../store';

export function TinygradListensBanner() {
  const hazard = useUi((ui) => ui.state?.hazards.find((h) => h.id === TINYGRAD_LISTENS_HAZARD_ID) ?? null);
  const busy = useUi((ui) => ui.busy);
  if (!hazard) return null;
  const stop = () => void stopTinygrad();
  return (
    <div className="banner banner-warning" role="alert" data-testid="tinygrad-listens">
      <span data-testid="tinygrad-listens-text">
        {hazard.title}; {TINYGRAD_SERVER_WORDS.untrusted}
      </span>
      <button type="button" className="link-button" disabled={busy} onClick={stop}>
        {TINYGRAD_SERVER_WORDS.stop}
      </button>
    </div>
  );
}
