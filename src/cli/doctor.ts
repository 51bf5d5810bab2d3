// `egpu-companion doctor`: the eGPU checks from a terminal, live as each finishes, or as one JSON
// object for scripts. Exit 0 when the eGPU computes, 1 when it is broken or needs attention, 2 on usage.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ComputeDeviceSchema, type ComputeDevice, type DoctorCheck, type DoctorResult } from '../core/api/doctor';
import { CHECK_STATUS_WORDS, VERDICT_WORDS } from '../core/api/present-doctor';
import { appVersion } from '../core/paths';
import { defaultDataDir } from '../core/paths';
import { machineSecrets } from '../core/doctor/doctor-feature';
import { DoctorService } from '../core/doctor/doctor-service';
import type { DoctorTools } from '../core/doctor/gather';
import { processEnvironment } from '../core/platform/user-env';
import { simBinDir } from '../core/sim/sim-control';
import { acquireDataDirLock, DataDirBusyError, type DataDirLock } from '../core/store/data-dir-lock';
import { SettingsStore } from '../core/store/settings-store';
import { UsageError, type ParsedCli } from './args';

export const EXIT_WORKS = 0;
export const EXIT_ATTENTION = 1;

export interface DoctorJson {
  verdict: DoctorResult['verdict'];
  checks: Array<Pick<DoctorCheck, 'id' | 'status' | 'title' | 'detail' | 'next'>>;
  failure: { id: string; title: string; next: string; source: string | null } | null;
  copy: DoctorResult['copy'];
}

export function doctorJson(result: DoctorResult): DoctorJson {
  return {
    verdict: result.verdict,
    checks: result.checks.map(({ id, status, title, detail, next }) => ({ id, status, title, detail, next })),
    failure: result.failure ? { id: result.failure.id, title: result.failure.title, next: result.failure.next, source: result.failure.source } : null,
    copy: result.copy,
  };
}

/** 0 only when the eGPU computes and no check asks for attention. */
export function doctorExitCode(result: DoctorResult): number {
  const attention = result.checks.some((c) => c.status === 'warn' || c.status === 'fail');
  return result.verdict === 'works' && !attention ? EXIT_WORKS : EXIT_ATTENTION;
}

function checkText(check: DoctorCheck): string {
  const next = check.next ? `\n         Next: ${check.next}` : '';
  return `${CHECK_STATUS_WORDS[check.status].padEnd(8)} ${check.title}: ${check.detail}${next}\n`;
}

export interface DoctorCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Tests: where sw_vers and sysctl are. */
  tools?: DoctorTools;
}

const processIo: DoctorCliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env };

function deviceOption(value: unknown): ComputeDevice | undefined {
  if (value === undefined) return undefined;
  const parsed = ComputeDeviceSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--device must be NV or AMD (not "${String(value)}")`);
  return parsed.data;
}

/** The data folder is written only when no app holds it and the run is not against the simulator. */
async function writerLock(dataDir: string, simulated: boolean): Promise<DataDirLock | null> {
  if (simulated) return null;
  try {
    return await acquireDataDirLock(dataDir, { host: 'egpu-companion doctor' });
  } catch (error) {
    if (error instanceof DataDirBusyError) return null;
    throw error;
  }
}

export async function runDoctorCli(cli: ParsedCli, io: DoctorCliIo = processIo): Promise<number> {
  const device = deviceOption(cli.values.device);
  const json = cli.values.json === true;
  const simState = typeof cli.values['sim-state'] === 'string' ? path.resolve(cli.values['sim-state']) : null;
  const reportFile = typeof cli.values.report === 'string' ? path.resolve(cli.values.report) : null;
  const dataDir = defaultDataDir(io.env);
  const lock = await writerLock(dataDir, simState !== null);
  const settingsStore = SettingsStore.inDataDir(dataDir, { readOnly: true });
  const { settings } = await settingsStore.load();
  const doctor = new DoctorService({
    dataDir,
    settings: () => settings,
    appVersion: appVersion(),
    userEnv: processEnvironment(io.env),
    demo: simState ? { simStateFile: simState, simBinDir: simBinDir() } : null,
    emit: () => undefined,
    changed: () => undefined,
    secrets: machineSecrets,
    readOnly: lock === null,
    ...(io.tools ? { tools: io.tools } : {}),
  });
  const stopOnSignal = (): void => doctor.cancel();
  process.once('SIGINT', stopOnSignal);
  try {
    await doctor.start();
    let printed = 0;
    const outcome = doctor.run({ compute: cli.values.compute === true, device });
    if (!json) {
      // Live: print each check as it finishes.
      const timer = setInterval(() => {
        const checks = doctor.status().checks;
        for (; printed < checks.length; printed += 1) io.stdout(checkText(checks[printed]!));
      }, 100);
      await outcome.finally(() => clearInterval(timer));
    }
    const { result } = await outcome;
    if (json) io.stdout(`${JSON.stringify(doctorJson(result), null, 2)}\n`);
    else {
      for (; printed < result.checks.length; printed += 1) io.stdout(checkText(result.checks[printed]!));
      io.stdout(`\n${VERDICT_WORDS[result.verdict]}${result.failure ? `: ${result.failure.title}\n${result.failure.next}` : ''}\n`);
    }
    if (reportFile) {
      await fs.writeFile(reportFile, doctor.report().markdown, { mode: 0o600 });
      if (!json) io.stdout(`Report written to ${reportFile}\n`);
    }
    return doctorExitCode(result);
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    await doctor.stop();
    await lock?.release();
  }
}
