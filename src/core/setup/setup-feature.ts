// The setup wizard as one of the core's features: its commands, the running step's terminal and logs,
// and the step it may be running (a restart would cut it).
import { promises as fs } from 'node:fs';
import type { setupCommands } from '../api/setup';
import type { CommandHandlers } from '../api/transport';
import type { Feature } from '../feature';
import type { ShellPort } from '../ports';
import type { SetupService } from './setup-service';
import { readStepLog } from './step-log';

export type SetupHandlers = Pick<CommandHandlers, keyof typeof setupCommands>;

export function createSetupFeature(setup: SetupService, shell: ShellPort): Feature & { handlers: SetupHandlers } {
  const ok = { ok: true as const };
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
      // Keystrokes go to the terminal only: never logged, never kept.
      setupInput: async ({ sessionId, data }) => (setup.sessionRun(sessionId)?.input(data), ok),
      setupResize: async ({ sessionId, cols, rows }) => (setup.sessionRun(sessionId)?.resize(cols, rows), ok),
      setupAck: async ({ sessionId, chars }) => (setup.sessionRun(sessionId)?.ack(chars), ok),
      setupCancel: async ({ sessionId }) => (setup.sessionRun(sessionId)?.cancel(), ok),
      setupAttachTerminal: async ({ sessionId }) => (setup.sessionRun(sessionId)?.terminalAttached(), ok),
      setupReadLog: async (ids) => {
        const logPath = await setup.stepLogPathFor(ids);
        return { path: logPath, text: await readStepLog(logPath) };
      },
      setupOpenLog: async (ids) => {
        const logPath = await setup.stepLogPathFor(ids);
        const exists = await fs.stat(logPath).then(
          () => true,
          () => false,
        );
        return { path: logPath, opened: exists ? await shell.showItemInFolder(logPath) : false };
      },
    },
    // Not awaited: quitting interrupts the step and its pty group is killed by the session itself.
    stop: () => void setup.dispose(),
    busy: () => (setup.isRunningStep() ? ['a setup step'] : []),
  };
}
