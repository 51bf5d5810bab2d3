import type { StepStatus } from '../../../core/api/setup';

const GLYPHS: Record<StepStatus, string> = {
  pending: '',
  running: '',
  done: '✓',
  skipped: '–',
  failed: '!',
  'waiting-approval': '…',
};

/** A small coloured circle per status; the status is spelled out next to it for screen readers. */
export function StatusIcon({ status }: { status: StepStatus }) {
  return (
    <span className={`status-icon status-icon-${status}`} aria-hidden="true">
      {GLYPHS[status]}
    </span>
  );
}
