// `egpu-companion watch`: monitor events as they happen.
import path from 'node:path';
import { createCompanion } from '../core/companion';
import { commandLineEnvironment } from '../core/platform/login-shell-env';
import { SEVERITY_WORDS } from '../core/api/present';
import type { MonitorEvent } from '../core/api/schemas';
import { defaultDataDir } from '../core/paths';
import { MonitorSettingsSchema } from '../core/api/settings';
import { createStderrLogger } from '../core/platform/stderr-logger';
import { simBinDir } from '../core/sim/sim-control';
import { processConsole } from '../core/platform/console-output';
import { UsageError, type ParsedCli } from './args';
import { cliShell, hostPowerPort } from './host-ports';

export async function runWatch(cli: ParsedCli): Promise<number> {
  const json = cli.values.json === true;
  const intervalSec = parseInterval(cli.values.interval);
  // --sim-state: the device simulator instead of this Mac's tools, as `status --sim-state` probes it.
  const simStateFile = typeof cli.values['sim-state'] === 'string' ? path.resolve(cli.values['sim-state']) : null;
  const stdout = processConsole('stdout');
  const print = (event: MonitorEvent) =>
    stdout.write(json ? `${JSON.stringify(event)}\n` : `${new Date(event.at).toLocaleTimeString()}  ${SEVERITY_WORDS[event.severity].padEnd(8)} ${event.message}\n`);

  // Only looks: no data-folder lock, no writes, so it can run next to the app or serve.
  // --interval applies to this run only and never touches the saved setting.
  // Nothing of its own to keep: once stderr is gone its log lines are dropped.
  const logger = createStderrLogger();
  // sleep-soon and woke (the eGPU compared across sleep) come from the power port.
  const dataDir = defaultDataDir();
  const power = await hostPowerPort(dataDir, logger);
  const core = createCompanion({
    power,
    dataDir,
    transport: 'direct',
    shell: cliShell,
    readOnly: true,
    logger,
    userEnvironment: commandLineEnvironment(process.env, logger),
    pollIntervalSec: intervalSec ?? undefined,
    demo: simStateFile === null ? null : { simStateFile, simBinDir: simBinDir() },
  });
  core.on('monitorEvent', print);
  await core.start();

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void core.stop().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Its output is all watch is for: when the reader has gone (`watch | head`), it ends like Ctrl-C.
    stdout.onClosed(stop);
  });
}

/** Seconds between polls, within the range the settings allow; null = the saved setting. */
export function parseInterval(value: string | boolean | undefined): number | null {
  if (value === undefined) return null;
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!MonitorSettingsSchema.shape.pollIntervalSec.safeParse(seconds).success) {
    throw new UsageError(`--interval takes seconds between 0.5 and 60, not ${JSON.stringify(value)}`);
  }
  return seconds;
}
