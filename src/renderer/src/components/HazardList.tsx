// Warnings, one line each: the title, with "Details" to read why and act. The list sits in a polite
// live region, so a new warning is announced without taking the focus.
import { useId, useState } from 'react';
import { displayText } from '../../../core/api/display-text';
import { SEVERITY_WORDS } from '../../../core/api/present';
import type { Hazard, HazardAction } from '../../../core/api/schemas';
import { isPastEvent, orderHazards } from '../popover-verdict';
import { Button } from './controls';
import { SeverityIcon } from './icons';

/**
 * Current warnings first, most severe first; then, under "Earlier", what happened and stays until
 * dismissed (an unplug while in use), so the top line is always how things are now.
 */
export function HazardList({ hazards, onAction }: { hazards: Hazard[]; onAction: (hazard: Hazard, action: HazardAction) => void }) {
  const ordered = orderHazards(hazards);
  const current = ordered.filter((hazard) => !isPastEvent(hazard));
  const past = ordered.filter(isPastEvent);
  return (
    <div className="hazards-region" aria-live="polite" aria-relevant="additions text">
      {current.length > 0 && (
        <ul className="hazards" aria-label="Warnings">
          {current.map((hazard) => (
            <HazardRow key={hazard.id} hazard={hazard} onAction={onAction} testId="hazard" />
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <ul className="hazards hazards-past" aria-label="Earlier">
          {past.map((hazard) => (
            <HazardRow key={hazard.id} hazard={hazard} onAction={onAction} testId="past-hazard" />
          ))}
        </ul>
      )}
    </div>
  );
}

function HazardRow({ hazard, onAction, testId }: { hazard: Hazard; onAction: (hazard: Hazard, action: HazardAction) => void; testId: string }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <li className={`hazard hazard-${hazard.severity}`} data-testid={testId} data-hazard-id={hazard.id} data-severity={hazard.severity}>
      <div className="hazard-line">
        <SeverityIcon severity={hazard.severity} label={SEVERITY_WORDS[hazard.severity]} />
        <span className="hazard-title">
          {testId === 'past-hazard' && <span className="hazard-earlier">Earlier: </span>}
          {displayText(hazard.title)}
        </span>
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
