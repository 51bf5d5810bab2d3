// `egpu-companion status`: one probe, printed, with an exit code scripts can use.
import path from 'node:path';
import { SourceSelectionSchema, type SourceSelection } from '../core/api/schemas';
import { toAppState } from '../core/monitor/app-state';
import { deriveHazards } from '../core/monitor/hazards';
import { initialMonitorState, reduce, type MonitorContext, type PollOutcome } from '../core/monitor/reducer';
import { defaultDataDir } from '../core/paths';
import { macHostArch } from '../core/platform/host-arch';
import { selectSource } from '../core/probe/sources/select-source';
import { SettingsStore } from '../core/store/settings-store';
import { UsageError, type ParsedCli } from './args';
import { EXIT_PROBE_ERROR, statusExitCode, statusJson, statusText } from './status-report';

export async function runStatus(cli: ParsedCli): Promise<number> {
  const sourceOption = cli.values.source ?? 'auto';
  const selection = SourceSelectionSchema.safeParse(sourceOption);
  if (!selection.success) throw new UsageError(`--source must be one of auto, tinygpu, tinygpu-app, nvidia-smi (not "${String(sourceOption)}")`);
  const tinygpuPath = typeof cli.values.tinygpu === 'string' ? path.resolve(cli.values.tinygpu) : null;

  const store = SettingsStore.inDataDir(defaultDataDir(), { readOnly: true });
  const { settings } = await store.load();
  const monitor = tinygpuPath ? { ...settings.monitor, paths: { ...settings.monitor.paths, tinygpu: tinygpuPath } } : settings.monitor;
  const chosen: SourceSelection = tinygpuPath && selection.data === 'auto' ? 'tinygpu' : selection.data;

  const source = await selectSource({ monitor, env: process.env, now: Date.now }, chosen);
  const snapshot = await source.probe();
  const failed = snapshot.errors.length > 0 && snapshot.devices.length === 0;
  const outcome: PollOutcome = failed ? { kind: 'failure', at: snapshot.at, error: snapshot.errors[0]!, raw: snapshot.raw } : { kind: 'snapshot', snapshot };
  const ctx: MonitorContext = {
    now: Date.now(),
    appStartedAt: Date.now(),
    lastResumeAt: null,
    asleep: false,
    hostArch: await macHostArch(),
    intervalMs: monitor.pollIntervalSec * 1000,
  };
  const { state } = reduce(initialMonitorState(), outcome, ctx);
  const appState = toAppState(state, deriveHazards(state, ctx), { notices: [], demo: null, intervalMs: ctx.intervalMs });

  if (cli.values.json === true) process.stdout.write(`${JSON.stringify(statusJson(appState), null, 2)}\n`);
  else process.stdout.write(statusText(appState));
  const code = statusExitCode(appState);
  if (code === EXIT_PROBE_ERROR && cli.values.json !== true) process.stderr.write(`egpu-companion: ${appState.probe.error ?? appState.summary}\n`);
  return code;
}
