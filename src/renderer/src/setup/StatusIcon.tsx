import type { StepStatus } from '../../../core/api/setup';

// Marks drawn as SVG (a text glyph can render as an empty box, and ignores the font's weight).
const MARKS: Record<StepStatus, string | null> = {
  pending: null,
  running: null,
  done: 'M4.5 8.3l2.3 2.3 4.7-5',
  skipped: 'M5 8h6',
  failed: 'M8 4.5v4.2M8 11.2v.1',
  'waiting-approval': 'M5 8h.1M8 8h.1M11 8h.1',
};

/** A small coloured circle per status; the status is spelled out next to it for screen readers. */
export function StatusIcon({ status }: { status: StepStatus }) {
  return (
    <span className={`status-icon status-icon-${status}`} aria-hidden="true">
      {MARKS[status] && (
        <svg viewBox="0 0 16 16" width="12" height="12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" focusable="false">
          <path d={MARKS[status] ?? ''} />
        </svg>
      )}
    </span>
  );
}
