// The setup wizard as one of the core's features: its commands, and the step it may be running.
import type { Feature } from '../feature';
import type { SetupService } from './setup-service';

export function createSetupFeature(setup: SetupService): Feature {
  return {
    name: 'setup',
    handlers: {
      setupOverview: (input) => setup.overview(input),
      setupGetProgress: (input) => setup.progress(input),
      setupSelectRecipe: (input) => setup.selectRecipe(input),
      setupCheckStep: (input) => setup.checkStep(input),
      setupRunStep: (input) => setup.runStep(input),
      setupVerifyStep: (input) => setup.verifyStep(input),
      setupSkipStep: (input) => setup.skipStep(input),
      setupConfirmManualStep: (input) => setup.confirmManualStep(input),
      setupInput: (input) => setup.input(input),
      setupResize: (input) => setup.resize(input),
      setupAck: (input) => setup.ack(input),
      setupCancel: (input) => setup.cancel(input),
      setupAttachTerminal: (input) => setup.attachTerminal(input),
      setupReadLog: (input) => setup.readLog(input),
      setupOpenLog: (input) => setup.openLog(input),
    },
    // Not awaited: quitting interrupts the step and its pty group is killed by the session itself.
    stop: () => void setup.dispose(),
    busy: () => (setup.isRunningStep() ? ['a setup step'] : []),
  };
}
