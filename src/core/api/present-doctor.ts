// The doctor's words: check and verdict labels, the "Ready is not ready" summary, the age of the last
// compute check, the measured link rate and the expected load time. Renderer-safe, pure.
import type { CheckStatus, DoctorVerdict } from './doctor';
import { modelWeightsGB, typicalCopyGBps } from './model-load';
import type { AppDoctor, LinkKind } from './schemas';

export const DOCTOR_WORDS = {
  action: 'Check the eGPU…',
  title: 'eGPU doctor',
  runChecks: 'Check again',
  runCompute: 'Run the compute check',
  cancelCompute: 'Stop the compute check',
  computing: 'Running tinygrad on the eGPU…',
  checking: 'Checking…',
  copyReport: 'Copy report',
  reportCopied: 'Report copied',
  openIssue: 'Open an upstream issue',
  next: 'Next',
  failureTitle: 'The eGPU failed its compute check',
  matched: 'Known failure',
  unknown: 'Unknown failure',
  lastLines: 'Last lines tinygrad printed',
  computeNote: 'The compute check starts tinygrad on the eGPU: it adds two small tensors, then copies 256 MB each way.',
} as const;

/** The demo's scenario picker, for the doctor's cases. */
export const DOCTOR_SCENARIO_WORDS = {
  'arch-garbage': 'GPU registers read garbage',
  'rpc-timeout': 'GPU firmware timeout',
  'server-no-driver': 'Server cannot reach the driver',
  '3d-controller': '3D Controller card',
  'leftover-driver-processes': 'Leftover driver processes',
  'docker-missing': 'Docker not running',
  'usb3-slow-link': 'USB3 link',
} as const;

export const CHECK_STATUS_WORDS: Record<CheckStatus, string> = { pass: 'Passed', warn: 'Check', fail: 'Failed', skip: 'Skipped' };

export const VERDICT_WORDS: Record<DoctorVerdict, string> = {
  works: 'The eGPU computes',
  broken: 'The eGPU does not work',
  unknown: 'Not confirmed: run the compute check',
};

/** "just now", "3 min ago", "2 h ago", "4 days ago". */
export function ageText(at: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - at) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** "computed 3 min ago" beside a ready driver. */
export function computedAgoText(at: number, now: number): string {
  return `computed ${ageText(at, now)}`;
}

/** The headline while a failed check stands: the driver is ready, the GPU is not. */
export function gpuFailedSummary(failureTitle: string | null): string {
  return `Driver ready, but the GPU failed its check${failureTitle ? `: ${failureTitle}` : ''}`;
}

export function gpuFailedWhy(failureTitle: string | null, at: number, now: number): string {
  return `tinygrad could not compute on the eGPU ${ageText(at, now)}${failureTitle ? ` (${failureTitle})` : ''}, although the driver says it is ready. Open the doctor for the cause and what helps.`;
}

/** "measured 3.1 GB/s host→device" */
export function measuredRateText(gbps: number): string {
  return `measured ${gbps.toFixed(1)} GB/s host→device`;
}

/** "about 8 s to load (measured 3.1 GB/s)" or "(typical for Thunderbolt 4)". */
export function expectedLoadText(seconds: number, basis: { measured: boolean; linkName: string | null }): string {
  const time = seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
  return `about ${time} to load (${basis.measured ? 'measured link rate' : `typical for ${basis.linkName ?? 'this link'}`})`;
}

/** Words for the compute state as the tray and popover show it beside the device. */
export function computeStateText(doctor: AppDoctor | undefined, now: number): string | null {
  const check = doctor?.check;
  if (!check) return null;
  return check.ok ? computedAgoText(check.at, now) : gpuFailedSummary(check.failureTitle);
}

/** The expected load time line, or null when neither the model size nor a rate is known. */
export function expectedLoadLine(model: string, measuredGBps: number | null, link: { kind: LinkKind; name: string } | null): string | null {
  const size = modelWeightsGB(model);
  const rate = measuredGBps ?? (link ? typicalCopyGBps(link.kind) : null);
  if (size === null || rate === null || rate <= 0) return null;
  return `${expectedLoadText(size / rate, { measured: measuredGBps !== null, linkName: link?.name ?? null })}, about ${size.toFixed(1)} GB of 4-bit weights`;
}
