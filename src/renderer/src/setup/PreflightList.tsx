import type { PreflightCheck } from '../../../core/api/setup';
import { CheckIcon, CriticalIcon, InfoIcon } from '../components/icons';
import { preflightAfterSteps } from './progress-summary';
import { useSetup } from './setup-store';

function stateOf(check: PreflightCheck): 'ok' | 'failed' | 'unknown' {
  return check.ok === null ? 'unknown' : check.ok ? 'ok' : 'failed';
}

const MARKS = { ok: CheckIcon, failed: CriticalIcon, unknown: InfoIcon } as const;
const MARK_WORDS = { ok: 'OK', failed: 'Not met', unknown: 'Unknown' } as const;

/** The Mac's readiness at a glance; details of anything not fine are spelled out. */
export function PreflightList() {
  const overviewChecks = useSetup((state) => state.overview?.preflight);
  const progress = useSetup((state) => state.progress);
  const checks = preflightAfterSteps(overviewChecks ?? [], progress);
  if (checks.length === 0) return null;
  const warnings = checks.filter((check) => check.ok === false && !check.blocking);
  return (
    <section className="preflight" aria-label="This Mac">
      <ul className="preflight-checks">
        {checks.map((check) => {
          const state = stateOf(check);
          const Mark = MARKS[state];
          return (
            <li key={check.id} className={`preflight-check preflight-${state}`} title={check.detail} data-testid="preflight-check">
              <span className={`preflight-mark preflight-mark-${state}`}>
                <Mark label={MARK_WORDS[state]} />
              </span>
              {check.label}
            </li>
          );
        })}
      </ul>
      {warnings.map((check) => (
        <p key={check.id} className="preflight-warning">
          {check.label}: {check.detail}
        </p>
      ))}
    </section>
  );
}
