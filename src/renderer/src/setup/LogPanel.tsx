import { useUi } from '../store';
import { plainLogText } from './log-text';
import { closeLog, revealLog, type LogView } from './setup-store';

/** A step's log as plain text, over the terminal until closed. */
export function LogPanel({ log, stepTitle }: { log: LogView; stepTitle: string }) {
  const inApp = useUi((ui) => ui.info?.transport === 'electron');
  const text = plainLogText(log.text);
  return (
    <section className="log-panel" aria-label={`Log of ${stepTitle}`}>
      <header className="log-panel-header">
        <span className="log-panel-title">Log · {stepTitle}</span>
        <code className="log-panel-path" title={log.path}>
          {log.path}
        </code>
        {inApp && (
          <button type="button" className="link-button" onClick={() => void revealLog(log.stepId)}>
            Show in Finder
          </button>
        )}
        <button type="button" className="link-button" onClick={closeLog}>
          Close
        </button>
      </header>
      <pre className="log-panel-text" data-testid="log-text" tabIndex={0}>
        {text.trim().length > 0 ? text : 'Nothing logged yet: this step has not run.'}
      </pre>
    </section>
  );
}
