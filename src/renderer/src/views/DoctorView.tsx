// The eGPU doctor: the seven checks filling in live, each with what it read and one next step; the
// compute check on demand; the matched failure; "Copy report" and "Open an upstream issue".
import { useEffect } from 'react';
import type { DoctorCheck, DoctorCheckId, DoctorResult } from '../../../core/api/doctor';
import { CHECK_STATUS_WORDS, DOCTOR_WORDS, VERDICT_WORDS, computedAgoText } from '../../../core/api/present-doctor';
import { cancelCompute, copyReport, openUpstreamIssue, runDoctorChecks, useDoctor } from '../doctor-store';
import { navigate } from '../router';
import './doctor.css';

const CHECK_ORDER: readonly DoctorCheckId[] = ['mac', 'driver', 'card', 'attached', 'leftovers', 'toolchain', 'compute'];
const PENDING_TITLES: Record<DoctorCheckId, string> = {
  mac: 'This Mac',
  driver: 'TinyGPU driver',
  card: 'The eGPU as macOS sees it',
  attached: 'Driver attached to the card',
  leftovers: 'Leftover processes',
  toolchain: 'Toolchain',
  compute: 'Compute check',
};

export function DoctorView() {
  const status = useDoctor((d) => d.status);
  const error = useDoctor((d) => d.error);
  const note = useDoctor((d) => d.note);
  const running = status?.running ?? false;
  const last = running ? null : (status?.last ?? null);

  // Opening the doctor checks at once (not the compute check: that one starts tinygrad and waits for a click).
  useEffect(() => {
    if (status && !status.running && status.last === null) void runDoctorChecks(false);
  }, [status]);

  const checks = new Map((running ? (status?.checks ?? []) : (status?.last?.checks ?? status?.checks ?? [])).map((c) => [c.id, c]));
  return (
    <div className="doctor" data-testid="doctor">
      <header className="doctor-header">
        <button type="button" className="link-button" onClick={() => navigate('popover')}>
          ‹ Back
        </button>
        <h1>{DOCTOR_WORDS.title}</h1>
      </header>
      <Verdict result={last} running={running} computing={status?.computeRunning ?? false} />
      {error && (
        <div className="banner banner-warning" role="alert">
          {error}
        </div>
      )}
      {note && (
        <div className="banner banner-info" role="status">
          {note}
        </div>
      )}
      <ol className="doctor-checks" aria-label="Checks">
        {CHECK_ORDER.map((id) => (
          <CheckRow key={id} id={id} check={checks.get(id) ?? null} running={running} />
        ))}
      </ol>
      {last?.failure && <FailurePanel result={last} />}
      {last && last.advice.length > 0 && (
        <ul className="doctor-advice" data-testid="doctor-advice">
          {last.advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <p className="muted doctor-note">
        {DOCTOR_WORDS.computeNote} {status?.lastCompute?.ok ? computedAgoText(status.lastCompute.at, Date.now()) : ''}
      </p>
      <div className="doctor-actions">
        {status?.computeRunning ? (
          <button type="button" onClick={() => void cancelCompute()}>
            {DOCTOR_WORDS.cancelCompute}
          </button>
        ) : (
          <button type="button" className="primary" disabled={running} onClick={() => void runDoctorChecks(true)} data-testid="doctor-compute">
            {DOCTOR_WORDS.runCompute}
          </button>
        )}
        <button type="button" disabled={running} onClick={() => void runDoctorChecks(false)}>
          {DOCTOR_WORDS.runChecks}
        </button>
        <button type="button" disabled={running || !status?.last} onClick={() => void copyReport()} data-testid="doctor-copy-report">
          {DOCTOR_WORDS.copyReport}
        </button>
        <button type="button" disabled={running || !status?.last} onClick={() => void openUpstreamIssue()}>
          {DOCTOR_WORDS.openIssue}
        </button>
      </div>
    </div>
  );
}

function Verdict({ result, running, computing }: { result: DoctorResult | null; running: boolean; computing: boolean }) {
  const text = computing ? DOCTOR_WORDS.computing : running || !result ? DOCTOR_WORDS.checking : VERDICT_WORDS[result.verdict];
  const tone = running || !result ? 'pending' : result.verdict;
  return (
    <p className={`doctor-verdict doctor-verdict-${tone}`} role="status" data-testid="doctor-verdict">
      {text}
      {result?.failure && !running ? `: ${result.failure.title}` : ''}
    </p>
  );
}

function CheckRow({ id, check, running }: { id: DoctorCheckId; check: DoctorCheck | null; running: boolean }) {
  if (!check) {
    return (
      <li className="doctor-check doctor-check-pending" data-testid={`check-${id}`}>
        <span className="doctor-badge">{running ? '…' : '–'}</span>
        <span className="doctor-check-title">{PENDING_TITLES[id]}</span>
      </li>
    );
  }
  return (
    <li className={`doctor-check doctor-check-${check.status}`} data-testid={`check-${id}`} data-status={check.status}>
      <span className="doctor-badge">{CHECK_STATUS_WORDS[check.status]}</span>
      <div className="doctor-check-body">
        <span className="doctor-check-title">{check.title}</span>
        <span className="doctor-check-detail">{check.detail}</span>
        {check.next && (
          <span className="doctor-check-next">
            {DOCTOR_WORDS.next}: {check.next}
          </span>
        )}
        {check.evidence.length > 0 && (
          <details>
            <summary>What was read</summary>
            <pre>{check.evidence.join('\n')}</pre>
          </details>
        )}
      </div>
    </li>
  );
}

function FailurePanel({ result }: { result: DoctorResult }) {
  const failure = result.failure!;
  return (
    <section className="card doctor-failure" data-testid="doctor-failure" aria-label={failure.id === 'unknown' ? DOCTOR_WORDS.unknown : DOCTOR_WORDS.matched}>
      <div className="card-title">{failure.id === 'unknown' ? DOCTOR_WORDS.unknown : `${DOCTOR_WORDS.matched}: ${failure.title}`}</div>
      {failure.cause && <p>{failure.cause}</p>}
      <p>
        <strong>{DOCTOR_WORDS.next}:</strong> {failure.next}
      </p>
      {failure.source && <p className="muted">Reported in {failure.source.replace('https://github.com/', '')}</p>}
    </section>
  );
}
