import type { PreflightCheck } from '../../../core/api/setup';
import { useSetup } from './setup-store';

function stateOf(check: PreflightCheck): 'ok' | 'failed' | 'unknown' {
  return check.ok === null ? 'unknown' : check.ok ? 'ok' : 'failed';
}

const MARKS = { ok: '✓', failed: '✕', unknown: '?' } as const;

/** The Mac's readiness at a glance; details of anything not fine are spelled out. */
export function PreflightList() {
  const checks = useSetup((state) => state.overview?.preflight ?? []);
  if (checks.length === 0) return null;
  const warnings = checks.filter((check) => check.ok === false && !check.blocking);
  return (
    <section className="preflight" aria-label="This Mac">
      <ul className="preflight-checks">
        {checks.map((check) => {
          const state = stateOf(check);
          return (
            <li key={check.id} className={`preflight-check preflight-${state}`} title={check.detail} data-testid="preflight-check">
              <span className="preflight-mark" aria-label={state === 'ok' ? 'OK' : state === 'failed' ? 'Not met' : 'Unknown'}>
                {MARKS[state]}
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
