// The wizard's end: "You're ready", and what to do next.
import { Button } from '../components/controls';
import { CheckIcon } from '../components/icons';
import { navigate, openSpeed } from '../router';
import { runAction, useUi } from '../store';

export function SetupFinished() {
  const transport = useUi((ui) => ui.info?.transport);
  // The Mac app shows the wizard in its own window: the status lives in the menu bar.
  const showStatus = () => (transport === 'electron' ? window.close() : navigate('popover'));
  const checkEgpu = () =>
    void runAction(async (api) => {
      await api.refresh({});
      showStatus();
    });
  return (
    <section className="setup-ready" data-testid="setup-ready" aria-labelledby="setup-ready-title">
      <h2 id="setup-ready-title">
        <CheckIcon /> You’re ready
      </h2>
      <p>Every step is done. The menu-bar icon now watches the eGPU and warns before anything goes wrong.</p>
      <div className="setup-next">
        <Button variant="primary" onClick={showStatus}>
          Status
        </Button>
        <Button onClick={checkEgpu}>Check the eGPU</Button>
        <Button onClick={() => openSpeed(transport, 'run-egpu')}>Run a model</Button>
      </div>
    </section>
  );
}
