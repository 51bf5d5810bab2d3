// The eGPU doctor as a feature of the app: runs the checks (one run at a time), pushes them as they
// fill in, keeps the last compute check and each card's copy rate in the data folder, and makes
// "Ready" honest: a failed check stands until the card changes or a later check passes.
import type { ComputeDevice, DoctorCheck, DoctorResult, DoctorStatus } from '../api/doctor';
import { ApiError, type CommandOutput } from '../api/contract';
import type { AppState, Device, Notice } from '../api/schemas';
import type { Settings } from '../api/settings';
import { describeError, nullLogger, type LoggerPort } from '../platform/logger';
import { processEnvironment, type UserEnvironment } from '../platform/user-env';
import { doctorEnvironment, type DoctorDemo } from './doctor-environment';
import { cardChanged, deviceKeyOf, GPU_CHECK_FAILED_HAZARD_PREFIX, withDoctor } from './doctor-state';
import { runDoctor, type DoctorRunOutcome } from './doctor-run';
import { DoctorStore } from './doctor-store';
import type { DoctorTools } from './gather';
import { KNOWN_FAILURES, type KnownFailure } from './known-failures';
import { buildReport } from './report';
import type { RedactionSecrets } from './redact';

export interface DoctorServiceOptions {
  dataDir: string;
  settings: () => Settings;
  appVersion: string;
  /** The login-shell environment for python3, docker and friends; the process's own when absent. */
  userEnv?: UserEnvironment;
  demo?: DoctorDemo | null;
  /** Besides the lock holder: what the app itself runs on the eGPU (its tinygrad server, a benchmark). */
  otherHolders?: () => Promise<string[]>;
  /** The eGPU as the monitor shows it: its name is what a check is recognised by where the source gives no PCI ids. */
  currentDevice?: () => Device | null;
  /** Pushes the doctor's status (each finished check, the end of a run). */
  emit: (status: DoctorStatus) => void;
  /** The app state's doctor part changed. */
  changed: () => void;
  secrets: () => RedactionSecrets;
  now?: () => number;
  logger?: LoggerPort;
  readOnly?: boolean;
  /** Tests: other tool locations and catalogue. */
  tools?: DoctorTools;
  catalogue?: readonly KnownFailure[];
}

export class DoctorService {
  private readonly store: DoctorStore;
  private readonly now: () => number;
  private readonly logger: LoggerPort;
  private checks: DoctorCheck[] = [];
  private running: { compute: boolean; abort: AbortController; done: Promise<DoctorRunOutcome> } | null = null;
  private last: DoctorRunOutcome | null = null;

  constructor(private readonly o: DoctorServiceOptions) {
    this.now = o.now ?? Date.now;
    this.logger = o.logger ?? nullLogger;
    this.store = new DoctorStore(o.dataDir, { logger: this.logger, readOnly: o.readOnly === true, now: this.now });
  }

  /** Loads the last compute check; returns a notice when the file had to be set aside. */
  async start(): Promise<Notice | null> {
    return this.store.load();
  }

  /** Stops a running compute check and waits for its process group to be gone. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.abort.abort();
    await running.done.catch(() => undefined);
  }

  settingsChanged(): void {
    this.o.emit(this.status());
  }

  busy(): boolean {
    return this.running?.compute === true;
  }

  status(): DoctorStatus {
    return {
      running: this.running !== null,
      computeRunning: this.running?.compute === true,
      checks: this.running ? [...this.checks] : (this.last?.result.checks ?? []),
      last: this.last?.result ?? null,
      lastCompute: this.store.lastCompute,
      computeTimeoutSec: this.o.settings().doctor.computeTimeoutSec,
    };
  }

  /** One run at a time: a second request while one runs gets the running one's answer. */
  async run(request: { compute: boolean; device?: ComputeDevice | undefined }): Promise<DoctorRunOutcome> {
    if (this.running) return this.running.done;
    const abort = new AbortController();
    this.checks = [];
    const done = this.execute(request, abort.signal);
    this.running = { compute: request.compute, abort, done };
    this.o.emit(this.status());
    try {
      return await done;
    } finally {
      this.running = null;
      this.o.emit(this.status());
      this.o.changed();
    }
  }

  private async execute(request: { compute: boolean; device?: ComputeDevice | undefined }, signal: AbortSignal): Promise<DoctorRunOutcome> {
    const where = await doctorEnvironment(this.o.settings(), this.o.userEnv ?? processEnvironment(), this.o.demo ?? null, this.o.tools);
    const outcome = await runDoctor({
      ...where,
      catalogue: this.o.catalogue ?? KNOWN_FAILURES,
      compute: request.compute,
      device: request.device,
      otherHolders: this.o.otherHolders ?? (async () => []),
      signal,
      onCheck: (check) => {
        this.checks.push(check);
        this.o.emit(this.status());
      },
      now: this.now,
    });
    this.last = outcome;
    await this.remember(outcome.result);
    return outcome;
  }

  private async remember(result: DoctorResult): Promise<void> {
    const compute = result.checks.find((c) => c.id === 'compute');
    if (!compute || (compute.status !== 'pass' && compute.status !== 'fail')) return;
    const ok = compute.status === 'pass';
    // The monitor's name for the card ("NVIDIA GeForce RTX 4090"), not system_profiler's generic "display".
    const shown = this.o.currentDevice?.() ?? null;
    const deviceName = shown && (!shown.vendorId || deviceKeyOf(shown) === result.deviceKey) ? shown.name : result.deviceName;
    const record = { at: result.at, ok, failureId: ok ? null : (result.failure?.id ?? 'unknown'), failureTitle: ok ? null : (result.failure?.title ?? null), deviceKey: result.deviceKey, deviceName };
    const rate = result.copy && (result.deviceKey ?? deviceName) ? { deviceKey: result.deviceKey ?? deviceName!, name: deviceName, copy: result.copy, at: result.at } : null;
    try {
      await this.store.record(record, rate);
    } catch (error) {
      this.logger.warn('doctor: could not save the check result', describeError(error));
    }
  }

  cancel(): void {
    this.running?.abort.abort();
  }

  report(): CommandOutput<'getDoctorReport'> {
    if (!this.last) throw new ApiError('unavailable', 'run the checks first');
    return buildReport({ ...this.last, appVersion: this.o.appVersion }, this.o.secrets());
  }

  /** A failed check is forgotten once the card left or another took its place (a power cycle is the usual cure). */
  observe(state: AppState): void {
    if (!cardChanged(this.store.lastCompute, state)) return;
    this.store.record(null, null).then(this.o.changed, (error: unknown) => this.logger.warn('doctor: could not forget the check result', describeError(error)));
  }

  dismissHazard(id: string): boolean {
    // Not dismissed: the failed check stands until the card changes or a check passes.
    return id.startsWith(GPU_CHECK_FAILED_HAZARD_PREFIX);
  }

  /** The app state with the doctor's part (see doctor-state.ts). */
  decorate(state: AppState): AppState {
    const [device] = state.devices;
    const rate = device ? this.store.rate({ key: deviceKeyOf(device), name: device.name }) : null;
    return withDoctor(state, this.store.lastCompute, rate, this.now());
  }


  handlers() {
    return {
      getDoctor: async () => this.status(),
      runDoctor: async (input: { compute: boolean; device?: ComputeDevice | undefined }) => (await this.run(input)).result,
      cancelDoctor: async () => {
        this.cancel();
        return { ok: true as const };
      },
      getDoctorReport: async () => this.report(),
    };
  }
}
