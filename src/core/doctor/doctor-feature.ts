// Builds the doctor for the composition root from the companion's options, so companion.ts only
// wires it: what else holds the eGPU comes from the inference service, the secrets to redact from this Mac.
import os from 'node:os';
import type { DoctorStatus } from '../api/doctor';
import type { Device, Notice } from '../api/schemas';
import type { Settings } from '../api/settings';
import type { DemoOptions } from '../monitor/probe-sources';
import type { Feature } from '../feature';
import type { InferenceService } from '../inference/inference-service';
import type { LoggerPort } from '../platform/logger';
import type { UserEnvironment } from '../platform/user-env';
import { DoctorService } from './doctor-service';
import type { RedactionSecrets } from './redact';

/** What identifies this Mac and its user, to take out of reports. */
export function machineSecrets(): RedactionSecrets {
  let userName: string | null = null;
  try {
    userName = os.userInfo().username;
  } catch {
    // No passwd entry (a container): the home path still covers the usual case.
  }
  return { userName, home: os.homedir(), hostName: os.hostname() };
}

/** What the doctor takes from the companion's options. */
export interface DoctorHostOptions {
  dataDir: string;
  demo?: DemoOptions | null;
  readOnly?: boolean;
}

export interface DoctorDeps {
  settings: () => Settings;
  version: string;
  now: () => number;
  logger: LoggerPort;
  inference: Pick<InferenceService, 'managedTinygrad' | 'benchmarkRunning'>;
  emit: (event: 'doctorStatus', payload: DoctorStatus) => void;
  /** The first eGPU the monitor shows. */
  currentDevice: () => Device | null;
  changed: () => void;
  /** Where python3, docker and the nvcc shim are found (the login shell's PATH). */
  userEnvironment: UserEnvironment;
}

export function createDoctor(options: DoctorHostOptions, deps: DoctorDeps): DoctorService {
  return new DoctorService({
    dataDir: options.dataDir,
    settings: deps.settings,
    appVersion: deps.version,
    userEnv: deps.userEnvironment,
    demo: options.demo ?? null,
    otherHolders: async () => {
      const managed = deps.inference.managedTinygrad();
      return [
        ...(managed ? [`the tinygrad server the app started (pid ${managed.pid}) holds the eGPU`] : []),
        ...(deps.inference.benchmarkRunning() ? ['tinygrad\'s benchmark runs on the eGPU'] : []),
      ];
    },
    emit: (status) => deps.emit('doctorStatus', status),
    currentDevice: deps.currentDevice,
    changed: deps.changed,
    secrets: machineSecrets,
    now: deps.now,
    logger: deps.logger,
    readOnly: options.readOnly === true,
  });
}

/** The doctor as one of the core's features: its commands and its part of the app state (`status --json` reads `state.doctor`). */
export function createDoctorFeature(options: DoctorHostOptions, deps: DoctorDeps & { addNotice: (notice: Notice | null) => void }): Feature & { service: DoctorService } {
  const doctor = createDoctor(options, deps);
  const load = async (): Promise<void> => deps.addNotice(await doctor.start());
  return {
    name: 'doctor',
    service: doctor,
    handlers: doctor.handlers(),
    start: load,
    readOnce: load,
    stop: () => doctor.stop(),
    settingsChanged: () => doctor.settingsChanged(),
    decorate: (state) => doctor.decorate(state),
    dismissHazard: (id) => doctor.dismissHazard(id),
    busy: () => (doctor.busy() ? ['the eGPU compute check'] : []),
  };
}
