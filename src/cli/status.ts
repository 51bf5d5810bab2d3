// `egpu-companion status`: one look by the same features as the popover (monitor, power, …), printed,
// with an exit code scripts can use.
import path from 'node:path';
import { SourceSelectionSchema, type AppState, type SourceSelection } from '../core/api/schemas';
import type { Settings } from '../core/api/settings';
import { createCompanion } from '../core/companion';
import { MonitorService } from '../core/monitor/monitor-service';
import { DemoSources, hostSources, type ProbeSources } from '../core/monitor/probe-sources';
import { defaultDataDir } from '../core/paths';
import { macHostArch } from '../core/platform/host-arch';
import { nullLogger } from '../core/platform/logger';
import { powerPortForDataDir } from '../core/power/host-power-port';
import { simPowerPort } from '../core/power/sim-power-port';
import { simBinDir } from '../core/sim/sim-control';
import { SettingsStore } from '../core/store/settings-store';
import { UsageError, type ParsedCli } from './args';
import { cliShell } from './host-ports';
import { EXIT_PROBE_ERROR, statusExitCode, statusJson, statusText } from './status-report';

export interface StatusProbeOptions {
  settings: Settings;
  selection?: SourceSelection;
  /** Probe the device simulator driven by this state file instead of the Mac's tools. */
  simStateFile?: string | null;
  env?: NodeJS.ProcessEnv;
}

/** One probe of the eGPU alone, exactly as the companion's monitor makes it (the speed test's eGPU label). */
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

  const dataDir = defaultDataDir();
  const { settings } = await SettingsStore.inDataDir(dataDir, { readOnly: true }).load();
  // Only looks: no data-folder lock, no writes, never holds the Mac awake.
  const core = createCompanion({
    dataDir,
    transport: 'direct',
    readOnly: true,
    shell: cliShell,
    power: simStateFile ? await simPowerPort(simStateFile, settings.monitor, nullLogger) : await powerPortForDataDir(dataDir, nullLogger),
    demo: simStateFile ? { simStateFile, simBinDir: simBinDir() } : null,
    selection: tinygpuPath && selection.data === 'auto' ? 'tinygpu' : selection.data,
    adjustSettings: (saved) => (tinygpuPath ? { ...saved, monitor: { ...saved.monitor, paths: { ...saved.monitor.paths, tinygpu: tinygpuPath } } } : saved),
  });
  try {
    const { state, fields } = await core.status();
    if (cli.values.json === true) process.stdout.write(`${JSON.stringify(statusJson(state, fields), null, 2)}\n`);
    else process.stdout.write(statusText(state));
    const code = statusExitCode(state);
    if (code === EXIT_PROBE_ERROR && cli.values.json !== true) process.stderr.write(`egpu-companion: ${state.probe.error ?? state.summary}\n`);
    return code;
  } finally {
    await core.stop();
  }
}
