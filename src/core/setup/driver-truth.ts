// The driver's own state decides the driver steps, read by the same function the popover uses
// (systemextensionsctl's TinyGPU row, chosen in probe/parsers/system-extensions.ts). tinygrad's setup
// script prints "Your tinygrad is too old" for any exception, a failed download included, so its
// words alone never mean "waiting for approval".
import type { DriverState } from '../api/schemas';
import { DRIVER_STATE_WORDS } from '../api/present';
import type { ProbeResult } from './probe-runner';
import type { Step } from './recipe-schema';
import type { RunOutcome } from './run-outcome';

/** The driver's state as the popover shows it; null when it cannot be read. */
export type DriverStateReader = () => Promise<DriverState | null>;

/** A run that says it needs approval waits for it only when the driver says so; a ready driver means done. */
export async function confirmApproval(outcome: RunOutcome, step: Step, runReason: string | null, read: DriverStateReader | undefined): Promise<RunOutcome> {
  if (outcome.status !== 'waiting-approval' || !step.approvalFromDriver || !read) return outcome;
  const state = await read().catch(() => null);
  if (state === 'awaiting-approval') return outcome;
  if (state === 'ready') return { status: 'done', reason: null };
  const driver = state === null || state === 'unknown' ? 'the driver state could not be read' : `the driver is ${DRIVER_STATE_WORDS[state]}`;
  return { status: 'failed', reason: `${runReason ?? 'failed'}; not waiting for approval: ${driver}` };
}

/** For a step whose check or verify is "the driver is ready": the driver's answer, or null to run the step's own probe. */
export async function driverReadyResult(step: Step, kind: 'check' | 'verify', read: DriverStateReader | undefined): Promise<ProbeResult | null> {
  if (!read || !step.driverReady?.includes(kind)) return null;
  const state = await read().catch(() => null);
  // Nothing known (no TinyGPU tools to ask): the step's own probe decides.
  if (state === null || state === 'unknown') return null;
  const words = DRIVER_STATE_WORDS[state];
  return { passed: state === 'ready', detail: `TinyGPU driver: ${words}`, exitCode: null, output: `driver state: ${state}` };
}
