// Activity: what happened, newest first, one line each (the store keeps it ordered and de-duplicated).
import { displayText } from '../../../core/api/display-text';
import { SEVERITY_WORDS } from '../../../core/api/present';
import { SeverityIcon } from '../components/icons';
import { useUi } from '../store';

export function ActivityView() {
  const events = useUi((ui) => ui.events);
  if (events.length === 0) return <p className="muted">Nothing has happened yet. Connections, link changes and driver changes show up here.</p>;
  return (
    <ol className="activity" aria-label="Recent events">
      {events.map((event) => (
        <li key={`${event.at}-${event.kind}-${event.message}`} className={`activity-item activity-${event.severity}`} data-testid="activity-item">
          <span className="activity-time">{new Date(event.at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}</span>
          <SeverityIcon severity={event.severity} label={SEVERITY_WORDS[event.severity]} />
          <span className="activity-message">{displayText(event.message)}</span>
        </li>
      ))}
    </ol>
  );
}
