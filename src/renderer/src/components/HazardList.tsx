import { SEVERITY_ICONS, SEVERITY_WORDS } from '../../../core/api/present';
import type { Hazard, HazardAction } from '../../../core/api/schemas';

export function HazardList({ hazards, onAction }: { hazards: Hazard[]; onAction: (hazard: Hazard, action: HazardAction) => void }) {
  if (hazards.length === 0) return null;
  return (
    <ul className="hazards" aria-label="Warnings">
      {hazards.map((hazard) => (
        <li key={hazard.id} className={`hazard hazard-${hazard.severity}`} data-testid="hazard" data-hazard-id={hazard.id}>
          <div className="hazard-title">
            <span role="img" aria-label={SEVERITY_WORDS[hazard.severity]}>{SEVERITY_ICONS[hazard.severity]}</span> {hazard.title}
          </div>
          <div className="hazard-why">{hazard.why}</div>
          {hazard.actions.length > 0 && (
            <div className="hazard-actions">
              {hazard.actions.map((action) => (
                <button key={`${action.kind}-${action.label}`} type="button" onClick={() => onAction(hazard, action)}>
                  {action.label}
                </button>
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
