import type { StepProgress } from '../../../core/api/setup';
import { WAITING_APPROVAL_TEXT, useSetup, type NoteTone } from './setup-store';

/** The last thing that happened to the step: this window's latest note, else what progress remembers. */
export function StepResult({ stepId }: { stepId: string }) {
  const note = useSetup((state) => state.notes[stepId] ?? null);
  const stepProgress = useSetup((state) => state.progress?.steps[stepId] ?? null);
  const line = note ?? remembered(stepProgress);
  if (!line) return null;
  return (
    <p className={`step-result step-result-${line.tone}`} role="status" data-testid="step-result">
      {line.text}
    </p>
  );
}

function remembered(progress: StepProgress | null): { tone: NoteTone; text: string } | null {
  switch (progress?.status) {
    case 'failed':
      return { tone: 'error', text: `Failed: ${progress.reason ?? 'no reason given'}${exitSuffix(progress)}` };
    case 'done':
      return { tone: 'ok', text: `Done${progress.exitCode === null ? '' : ` (exit code ${progress.exitCode})`}` };
    case 'waiting-approval':
      return { tone: 'info', text: WAITING_APPROVAL_TEXT };
    case 'skipped':
      return { tone: 'info', text: 'Skipped. You can still run it later.' };
    default:
      return null;
  }
}

function exitSuffix(progress: StepProgress): string {
  if (progress.exitCode === null || progress.reason?.includes(String(progress.exitCode))) return '';
  return ` (exit code ${progress.exitCode})`;
}
