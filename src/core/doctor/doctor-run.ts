// One run of the doctor: the checks in the order, each reported as soon as it is known, then
// the verdict and the failure named from the catalogue (compute output first, then probed facts).
import type { ComputeDevice, DoctorCheck, DoctorFailure, DoctorResult } from '../api/doctor';
import type { Settings } from '../api/settings';
import { DRIVER_LOG_ARGS, summarizeDriverLog } from '../probe/driver-log';
import { runCommand } from '../platform/run-command';
import { isExecutable } from '../platform/which';
import { cardKey, cardView, computeDeviceOf, type CardView } from './card-view';
import { attachedCheck } from './checks/attached-check';
import { cardCheck } from './checks/card-check';
import { computeCheck, type ComputeRun, type ComputeVerdict } from './checks/compute-check';
import { driverCheck } from './checks/driver-check';
import { driverProcessCount, leftoversCheck } from './checks/leftovers-check';
import { macCheck } from './checks/mac-check';
import { toolchainCheck } from './checks/toolchain-check';
import { COMPUTE_SCRIPT } from './compute-output';
import { matchFacts } from './failure-matcher';
import { gatherMac, gatherSystem, gatherToolchain, type DoctorTools } from './gather';
import type { FailureFacts, KnownFailure } from './known-failures';
import { okStdout, type DoctorProbe } from './probe-input';

export interface DoctorRunOptions {
  settings: Settings;
  /** The user's login-shell environment (PATH, TMPDIR, HOME). */
  env: NodeJS.ProcessEnv;
  tools: DoctorTools;
  catalogue: readonly KnownFailure[];
  compute: boolean;
  /** Used when no card is seen. */
  device?: ComputeDevice | undefined;
  /** What else holds the card (the managed tinygrad server, a benchmark); asked just before the compute check. */
  otherHolders: () => Promise<string[]>;
  signal?: AbortSignal;
  onCheck: (check: DoctorCheck) => void;
  now: () => number;
}

export interface DoctorRunOutcome {
  result: DoctorResult;
  probe: DoctorProbe;
  computeTail: string[];
  driverLog: string[];
}

export async function runDoctor(o: DoctorRunOptions): Promise<DoctorRunOutcome> {
  const checks: DoctorCheck[] = [];
  const add = (check: DoctorCheck): void => {
    checks.push(check);
    o.onCheck(check);
  };
  const mac = await gatherMac(o.tools, o.env);
  add(macCheck(mac));
  const system = await gatherSystem(o.settings.monitor, o.env, o.now);
  add(driverCheck(system));
  const view = cardView(system);
  add(cardCheck(view));
  add(attachedCheck(view, okStdout(system.ioreg) !== null));
  add(leftoversCheck(system.processes, system.lockHolders));
  const device = computeDeviceOf(view.cards[0]) ?? o.device ?? null;
  const toolchain = await gatherToolchain({ pythonSetting: o.settings.inference.tinygrad.python, device, env: o.env, tools: o.tools });
  add(toolchainCheck(toolchain));
  const probe: DoctorProbe = { mac, ...system, toolchain };
  const compute = computeCheck(await computeRun(o, probe, device), o.catalogue);
  add(compute.check);
  const driverLog = await readDriverLog(o);
  return { result: verdictOf(o, checks, probe, view, compute), probe, computeTail: compute.tail, driverLog };
}

async function computeRun(o: DoctorRunOptions, probe: DoctorProbe, device: ComputeDevice | null): Promise<ComputeRun> {
  if (!o.compute) return { kind: 'not-asked' };
  if (device === null) return { kind: 'refused', reason: 'no NVIDIA or AMD card is seen; choose one (--device NV or AMD) to ask tinygrad anyway.' };
  const holders = [...(probe.lockHolders ?? []).map((h) => `${h.command} (pid ${h.pid}) holds the eGPU's lock`), ...(await o.otherHolders())];
  if (holders.length > 0) return { kind: 'refused', reason: `${holders.join('; ')}.` };
  const python = probe.toolchain.python;
  if (python === null) return { kind: 'no-python', reason: `${probe.toolchain.pythonSetting} was not found.` };
  const timeoutSec = o.settings.doctor.computeTimeoutSec;
  const result = await runCommand({
    argv: [python, '-c', COMPUTE_SCRIPT],
    env: { ...o.env, DEV: device },
    timeoutMs: timeoutSec * 1000,
    maxOutputBytes: 1024 * 1024,
    onOutputCap: 'truncate',
    label: `DEV=${device} python3 compute check`,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return {
    kind: 'ran',
    device,
    timeoutSec,
    output: { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, error: result.error?.message ?? null, timedOut: result.timedOut, aborted: result.aborted },
  };
}

const LOG_TIMEOUT_MS = 20_000;

async function readDriverLog(o: DoctorRunOptions): Promise<string[]> {
  const log = o.settings.monitor.paths.log;
  if (!(await isExecutable(log))) return [];
  const result = await runCommand({ argv: [log, ...DRIVER_LOG_ARGS], env: o.env, timeoutMs: LOG_TIMEOUT_MS, maxOutputBytes: 512 * 1024, label: 'log show' });
  return result.error ? [] : summarizeDriverLog(result.stdout).lines.slice(-40);
}

function factsOf(o: DoctorRunOptions, probe: DoctorProbe, view: CardView, compute: ComputeVerdict): FailureFacts {
  const arm64 = okStdout(probe.mac.arm64)?.trim();
  const ps = okStdout(probe.processes);
  const [card] = view.cards;
  return {
    hostArch: arm64 === '1' ? 'arm64' : arm64 === '0' ? 'x86_64' : null,
    gpus: view.cards.map((c) => ({ vendorId: c.vendorId, deviceId: c.deviceId, pciClass: c.pciClass })),
    driverProcesses: ps === null ? null : driverProcessCount(ps),
    dextMatched: card ? (card.dextMatchCount ?? 0) > 0 || card.driverBound === true : null,
    driverBound: card?.driverBound ?? null,
    computePassed: compute.passed,
    kernelSearch: Boolean(o.env.JITBEAM || o.env.BEAM),
  };
}

function asFailure(failure: KnownFailure): DoctorFailure {
  return { id: failure.id, title: failure.title, next: failure.next[0]!, source: failure.sources[0]!.url, cause: failure.cause };
}

const UNKNOWN_FAILURE: DoctorFailure = {
  id: 'unknown',
  title: 'Unknown failure',
  next: 'Open an upstream issue with the report: this failure is not in the known list.',
  source: null,
  cause: null,
};

function verdictOf(o: DoctorRunOptions, checks: DoctorCheck[], probe: DoctorProbe, view: CardView, compute: ComputeVerdict): DoctorResult {
  const byFacts = matchFacts(o.catalogue, factsOf(o, probe, view, compute));
  const factFailure = byFacts.find((f) => !f.advice) ?? null;
  const failed = checks.some((c) => c.status === 'fail');
  let failure: DoctorFailure | null = null;
  if (compute.passed === false) {
    failure = compute.match?.kind === 'known' ? asFailure(compute.match.failure) : factFailure ? asFailure(factFailure) : UNKNOWN_FAILURE;
  } else if (compute.passed !== true && (failed || factFailure)) {
    failure = factFailure ? asFailure(factFailure) : null;
  }
  const verdict = compute.passed === true ? 'works' : failed || compute.passed === false ? 'broken' : 'unknown';
  return {
    at: o.now(),
    verdict,
    checks,
    failure,
    copy: compute.copy,
    firstKernelSec: compute.firstKernelSec,
    deviceKey: cardKey(view.cards[0]),
    deviceName: view.cards[0]?.name ?? null,
    advice: byFacts.filter((f) => f.advice).map((f) => `${f.title}: ${f.next[0]!}`),
  };
}
