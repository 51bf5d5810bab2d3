// Check 7, the compute check, judged from what the run printed: tinygrad's own answer on the eGPU.
import type { CopyRates, DoctorCheck } from '../../api/doctor';
import { parseComputeOutput } from '../compute-output';
import { matchOutput, type OutputMatch } from '../failure-matcher';
import type { KnownFailure } from '../known-failures';
import type { ToolOutput } from '../probe-input';

const TITLE = 'Compute check';

export type ComputeRun =
  | { kind: 'not-asked' }
  | { kind: 'refused'; reason: string }
  | { kind: 'no-python'; reason: string }
  | { kind: 'ran'; device: string; output: ToolOutput & { timedOut: boolean; aborted: boolean }; timeoutSec: number };

export interface ComputeVerdict {
  check: DoctorCheck;
  /** null when the check did not run. */
  passed: boolean | null;
  match: OutputMatch | null;
  copy: CopyRates | null;
  firstKernelSec: number | null;
  /** The last lines the run printed, for the report. */
  tail: string[];
}

const tailOf = (text: string): string[] => text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(-40);

export function computeCheck(run: ComputeRun, catalogue: readonly KnownFailure[]): ComputeVerdict {
  const base = { id: 'compute' as const, title: TITLE };
  const none = { match: null, copy: null, firstKernelSec: null, tail: [] };
  if (run.kind === 'not-asked') return { ...none, passed: null, check: { ...base, status: 'skip', detail: 'Not run: it starts tinygrad on the eGPU.', next: 'Run the compute check to see tinygrad\'s own answer.', evidence: [] } };
  if (run.kind === 'refused') return { ...none, passed: null, check: { ...base, status: 'warn', detail: `Not run: ${run.reason}`, next: 'Stop it, then run the compute check again.', evidence: [] } };
  if (run.kind === 'no-python') return { ...none, passed: null, check: { ...base, status: 'fail', detail: `Not run: ${run.reason}`, next: 'Fix the toolchain (above), then run the compute check again.', evidence: [] } };

  const { output } = run;
  const all = `${output.stdout}\n${output.stderr}`;
  const parsed = parseComputeOutput(output.stdout);
  const tail = tailOf(all);
  const rates = parsed.copy ? `${parsed.copy.hostToDeviceGBps.toFixed(1)} GB/s host→device, ${parsed.copy.deviceToHostGBps.toFixed(1)} GB/s device→host` : null;
  const evidence = [`DEV=${run.device}`, `result ${parsed.sumSeen ?? 'none'}`, ...(parsed.firstKernelSec !== null ? [`first kernel after ${parsed.firstKernelSec.toFixed(1)} s`] : []), ...(rates ? [rates] : [])];
  const result = { copy: parsed.copy, firstKernelSec: parsed.firstKernelSec, tail };
  if (output.aborted) return { ...result, passed: null, match: null, check: { ...base, status: 'skip', detail: 'Cancelled; tinygrad was stopped.', next: null, evidence } };
  if (parsed.sumCorrect && output.exitCode === 0 && !output.timedOut) {
    const detail = `tinygrad computed [5 7 9] on the eGPU${rates ? `; ${rates}` : ''}.`;
    return { ...result, passed: true, match: null, check: { ...base, status: 'pass', detail, next: null, evidence } };
  }
  const match = matchOutput(catalogue, all);
  const why = output.timedOut
    ? `tinygrad did not finish within ${run.timeoutSec} s and was stopped`
    : parsed.sumSeen && !parsed.sumCorrect
      ? `tinygrad returned ${parsed.sumSeen} instead of [5 7 9]`
      : parsed.sumCorrect
        ? `the sum was right, but the copy test failed (exit ${output.exitCode ?? 'by signal'})`
        : `tinygrad failed (exit ${output.exitCode ?? 'by signal'})`;
  const named = match.kind === 'known' ? `: ${match.failure.title}` : '';
  const next = match.kind === 'known' ? match.failure.next[0]! : 'Open an upstream issue with the report.';
  return { ...result, passed: false, match, check: { ...base, status: 'fail', detail: `${why}${named}.`, next, evidence: [...evidence, ...match.lines.slice(-6)] } };
}
