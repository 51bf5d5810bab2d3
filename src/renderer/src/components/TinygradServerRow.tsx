// The popover's line about the managed tinygrad server: what runs on the eGPU and how fast its last
// request went, with Stop; or the way to the speed view's card to start one.
import { TINYGRAD_SERVER_WORDS, tinygradRowText } from '../../../core/api/present';
import { openSpeed } from '../router';
import { stopTinygrad } from '../inference-store';
import { useUi } from '../store';

export function TinygradServerRow() {
  const status = useUi((ui) => ui.inference?.tinygrad ?? null);
  const busy = useUi((ui) => ui.busy);
  const transport = useUi((ui) => ui.info?.transport);
  if (!status) return null;
  if (!status.running) {
    return (
      <div className="tinygrad-row">
        <button type="button" className="link-button" onClick={() => openSpeed(transport, 'run-egpu')} data-testid="tinygrad-open">
          {TINYGRAD_SERVER_WORDS.open}
        </button>
      </div>
    );
  }
  const stop = () => void stopTinygrad();
  return (
    <div className="tinygrad-row" data-testid="tinygrad-row">
      <span className="tinygrad-row-text" data-testid="tinygrad-row-text">
        {tinygradRowText(status)}
      </span>
      <button type="button" className="link-button" disabled={busy} onClick={stop}>
        {TINYGRAD_SERVER_WORDS.stopShort}
      </button>
    </div>
  );
}
