// `egpu-companion watch`: monitor events as they happen.
import { createCompanion } from '../core/companion';
import { commandLineEnvironment } from '../core/platform/login-shell-env';
import { SEVERITY_WORDS } from '../core/api/present';
import type { MonitorEvent } from '../core/api/schemas';
import { defaultDataDir } from '../core/paths';
import { MonitorSettingsSchema } from '../core/api/settings';
import { createStderrLogger } from '../core/platform/stderr-logger';
import { UsageError, type ParsedCli } from './args';
import { cliShell, hostPowerPort } from './host-ports';

export async function runWatch(cli: ParsedCli): Promise<number> {
  const json = cli.values.json === true;
  const intervalSec = parseInterval(cli.values.interval);
  const print = (event: MonitorEvent) =>
    process.stdout.write(json ? `${JSON.stringify(event)}\n` : `${new Date(event.at).toLocaleTimeString()}  ${SEVERITY_WORDS[event.severity].padEnd(8)} ${event.message}\n`);

  // Only looks: no data-folder lock, no writes, so it can run next to the app or serve.
  // --interval applies to this run only and never touches the saved setting.
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
  });
  core.on('monitorEvent', print);
  await core.start();

  return new Promise<number>((resolve) => {
    const stop = () => void core.stop().then(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
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
