import { LogPanel } from './LogPanel';
import { recipeOf, useSetup } from './setup-store';
import { SetupTerminal } from './SetupTerminal';

/** The terminal (kept mounted across step changes so output stays) and, on request, a step's log. */
export function ConsolePane() {
  const recipe = useSetup(recipeOf);
  const terminalStepId = useSetup((state) => state.terminalStepId);
  const running = useSetup((state) => state.progress?.activeSession != null);
  const log = useSetup((state) => state.log);
  const titleOf = (stepId: string | null) => recipe?.steps.find((step) => step.id === stepId)?.title ?? stepId ?? '';
  return (
    <section className="console" aria-label="Terminal">
      <div className="console-bar">
        <span className="console-title" data-testid="terminal-title">
          {terminalStepId ? titleOf(terminalStepId) : 'Terminal'}
        </span>
        <span className={running ? 'console-state console-state-running' : 'console-state'}>
          {running ? 'Running — click to type' : terminalStepId ? 'Finished' : 'Output appears here when a step runs'}
        </span>
      </div>
      <div className="console-body">
        <SetupTerminal />
        {log && <LogPanel log={log} stepTitle={titleOf(log.stepId)} />}
      </div>
    </section>
  );
}
