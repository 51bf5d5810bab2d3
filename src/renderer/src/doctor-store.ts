// The eGPU doctor's UI state and its actions: the checks as the core pushes them, running the checks
// or the compute check, cancelling, copying the report and opening the upstream tracker. Only this
// module sets this store; every failure lands in `error`, shown by the view.
import { create } from 'zustand';
import type { CompanionApi } from '../../core/api/contract';
import type { DoctorStatus } from '../../core/api/doctor';
import { DOCTOR_WORDS } from '../../core/api/present-doctor';
import { navigate, routeFromHash } from './router';
import { messageOf } from './store';

export interface DoctorUi {
  status: DoctorStatus | null;
  /** The last action's failure, in words. */
  error: string | null;
  /** A short confirmation ("Report copied"), cleared by the next action. */
  note: string | null;
}

export const useDoctor = create<DoctorUi>(() => ({ status: null, error: null, note: null }));

let api: CompanionApi | null = null;

/** Follows the core's doctor; a run that starts while the popover shows (the tray's "Check the eGPU…") opens the doctor. */
export function bindDoctor(companion: CompanionApi): () => void {
  api = companion;
  const stop = companion.on('doctorStatus', (status) => {
    const started = status.running && !(useDoctor.getState().status?.running ?? false);
    useDoctor.setState({ status });
    if (started && routeFromHash(window.location.hash) === 'popover') navigate('doctor');
  });
  void loadDoctor();
  return stop;
}

async function loadDoctor(): Promise<void> {
  if (!api) return;
  try {
    useDoctor.setState({ status: await api.getDoctor({}) });
  } catch (error) {
    useDoctor.setState({ error: messageOf(error) });
  }
}

async function act(action: (companion: CompanionApi) => Promise<void>): Promise<void> {
  if (!api) return;
  useDoctor.setState({ error: null, note: null });
  try {
    await action(api);
  } catch (error) {
    useDoctor.setState({ error: messageOf(error) });
  }
}

/** Runs the checks; `compute` adds tinygrad's own check on the eGPU. The result arrives as doctorStatus. */
export function runDoctorChecks(compute: boolean): Promise<void> {
  return act(async (companion) => {
    await companion.runDoctor({ compute });
  });
}

export function cancelCompute(): Promise<void> {
  return act(async (companion) => {
    await companion.cancelDoctor({});
  });
}

export function copyReport(): Promise<void> {
  return act(async (companion) => {
    const { markdown } = await companion.getDoctorReport({});
    await navigator.clipboard.writeText(markdown);
    useDoctor.setState({ note: DOCTOR_WORDS.reportCopied });
  });
}

export function openUpstreamIssue(): Promise<void> {
  return act(async (companion) => {
    const { issueUrl } = await companion.getDoctorReport({});
    const { opened } = await companion.openExternal({ url: issueUrl });
    if (!opened) throw new Error(`Open this on your Mac: ${issueUrl}`);
  });
}
