import { EVENT_SEVERITY_ICONS, SEVERITY_WORDS } from '../../../core/api/present';
import { useUi } from '../store';

export function ActivityView() {
  const events = useUi((ui) => ui.events);
  if (events.length === 0) return <p className="muted">Nothing has happened yet. Connections, link changes and driver changes show up here.</p>;
  return (
    <ol className="activity" aria-label="Recent events">
      {events.map((event) => (
        <li key={`${event.at}-${event.kind}-${event.message}`} className={`activity-item activity-${event.severity}`} data-testid="activity-item">
          <span className="activity-time">{new Date(event.at).toLocaleTimeString()}</span>
          <span role="img" aria-label={SEVERITY_WORDS[event.severity]}>{EVENT_SEVERITY_ICONS[event.severity]}</span>
          <span className="activity-message">{event.message}</span>
        </li>
      ))}
    </ol>
  );
}
