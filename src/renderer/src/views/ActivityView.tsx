import { useUi } from '../store';

const ICONS = { critical: '⛔', warning: '⚠️', info: '•' } as const;

export function ActivityView() {
  const events = useUi((ui) => ui.events);
  if (events.length === 0) return <p className="muted">Nothing has happened yet. Connections, link changes and driver changes show up here.</p>;
  return (
    <ol className="activity" aria-label="Recent events">
      {events.map((event) => (
        <li key={`${event.at}-${event.kind}-${event.message}`} className={`activity-item activity-${event.severity}`} data-testid="activity-item">
          <span className="activity-time">{new Date(event.at).toLocaleTimeString()}</span>
          <span aria-hidden="true">{ICONS[event.severity]}</span>
          <span className="activity-message">{event.message}</span>
        </li>
      ))}
    </ol>
  );
}
