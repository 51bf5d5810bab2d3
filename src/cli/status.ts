// `egpu-companion status`: one probe through the app's monitor pipeline, printed, with an exit
// code scripts can use.
import path from 'node:path';
import { SourceSelectionSchema, type AppState, type SourceSelection } from '../core/api/schemas';
import type { Settings } from '../core/api/settings';
import { MonitorService } from '../core/monitor/monitor-service';
import { DemoSources, hostSources, type ProbeSources } from '../core/monitor/probe-sources';
import { defaultDataDir } from '../core/paths';
import { withStoredDoctor } from '../core/doctor/doctor-state';
import { macHostArch } from '../core/platform/host-arch';
import { simBinDir } from '../core/sim/sim-control';
import { SettingsStore } from '../core/store/settings-store';
import { nullLogger } from '../core/platform/logger';
import { nodePowerPortFor } from '../core/power/node-port';
import { readPowerStatus } from '../core/power/status';
import { UsageError, type ParsedCli } from './args';
import { EXIT_PROBE_ERROR, statusExitCode, statusJson, statusText } from './status-report';

export interface StatusProbeOptions {
  settings: Settings;
  selection?: SourceSelection;
  /** Probe the device simulator driven by this state file instead of the Mac's tools. */
  simStateFile?: string | null;
  env?: NodeJS.ProcessEnv;
}

/** One probe, exactly as the companion's monitor makes it. */
export async function probeStatus(options: StatusProbeOptions): Promise<AppState> {
  const env = options.env ?? process.env;
  const sources: ProbeSources = options.simStateFile
    ? new DemoSources({ simStateFile: options.simStateFile, simBinDir: simBinDir(), env, now: Date.now })
    : hostSources({ env, now: Date.now, hostArch: () => macHostArch() });
  const monitor = new MonitorService({ sources, settings: () => options.settings, selection: options.selection });
  return monitor.probeOnce();
}

export async function runStatus(cli: ParsedCli): Promise<number> {
  const sourceOption = cli.values.source ?? 'auto';
  const selection = SourceSelectionSchema.safeParse(sourceOption);
  if (!selection.success) throw new UsageError(`--source must be one of auto, tinygpu, tinygpu-app, nvidia-smi (not "${String(sourceOption)}")`);
  const tinygpuPath = typeof cli.values.tinygpu === 'string' ? path.resolve(cli.values.tinygpu) : null;
  const simStateFile = typeof cli.values['sim-state'] === 'string' ? path.resolve(cli.values['sim-state']) : null;

  const { settings: stored } = await SettingsStore.inDataDir(defaultDataDir(), { readOnly: true }).load();
  const settings = tinygpuPath ? { ...stored, monitor: { ...stored.monitor, paths: { ...stored.monitor.paths, tinygpu: tinygpuPath } } } : stored;
  const chosen: SourceSelection = tinygpuPath && selection.data === 'auto' ? 'tinygpu' : selection.data;

  const probed = await probeStatus({ settings, selection: chosen, simStateFile });
  const power = await readPowerStatus(await nodePowerPortFor(settings.monitor, nullLogger), { mode: settings.power.keepAwake, until: null, holding: false });
  const appState = await withStoredDoctor(defaultDataDir(), { ...probed, power: { ...power, preventedLine: null, at: Date.now(), warning: false } }, Date.now());
  if (cli.values.json === true) process.stdout.write(`${JSON.stringify(statusJson(appState), null, 2)}\n`);
  else process.stdout.write(statusText(appState));
  const code = statusExitCode(appState);
  if (code === EXIT_PROBE_ERROR && cli.values.json !== true) process.stderr.write(`egpu-companion: ${appState.probe.error ?? appState.summary}\n`);
  return code;
}
