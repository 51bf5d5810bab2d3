// Warnings, one line each: the title, with "Details" to read why and act. The list sits in a polite
// live region, so a new warning is announced without taking the focus.
import { useId, useState } from 'react';
import { displayText } from '../../../core/api/display-text';
import { SEVERITY_WORDS } from '../../../core/api/present';
import type { Hazard, HazardAction } from '../../../core/api/schemas';
import { Button } from './controls';
import { SeverityIcon } from './icons';

export function HazardList({ hazards, onAction }: { hazards: Hazard[]; onAction: (hazard: Hazard, action: HazardAction) => void }) {
  return (
    <div className="hazards-region" aria-live="polite" aria-relevant="additions text">
      {hazards.length > 0 && (
        <ul className="hazards" aria-label="Warnings">
          {hazards.map((hazard) => (
            <HazardRow key={hazard.id} hazard={hazard} onAction={onAction} />
          ))}
        </ul>
      )}
    </div>
  );
}

function HazardRow({ hazard, onAction }: { hazard: Hazard; onAction: (hazard: Hazard, action: HazardAction) => void }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <li className={`hazard hazard-${hazard.severity}`} data-testid="hazard" data-hazard-id={hazard.id} data-severity={hazard.severity}>
      <div className="hazard-line">
        <SeverityIcon severity={hazard.severity} label={SEVERITY_WORDS[hazard.severity]} />
        <span className="hazard-title">{displayText(hazard.title)}</span>
        <Button variant="link" className="hazard-toggle" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Details'}
        </Button>
      </div>
      {open && (
        <div className="hazard-details" id={detailsId}>
          <p className="hazard-why">{displayText(hazard.why)}</p>
          {hazard.actions.length > 0 && (
            <div className="hazard-actions">
              {hazard.actions.map((action) => (
                <Button key={`${action.kind}-${action.label}`} onClick={() => onAction(hazard, action)}>
                  {action.label}
                </Button>
              ))}
            </div>
          )}
        </div>
      )}
    </li>
  );
}
