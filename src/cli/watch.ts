// `egpu-companion watch`: monitor events as they happen.
import { createCompanion } from '../core/companion';
import { SEVERITY_WORDS } from '../core/api/present';
import type { MonitorEvent } from '../core/api/schemas';
import { defaultDataDir } from '../core/paths';
import type { ParsedCli } from './args';
import { createStderrLogger } from '../core/platform/stderr-logger';
import { cliShell } from './host-ports';

export async function runWatch(cli: ParsedCli): Promise<number> {
  const json = cli.values.json === true;
  const print = (event: MonitorEvent) =>
    process.stdout.write(json ? `${JSON.stringify(event)}\n` : `${new Date(event.at).toLocaleTimeString()}  ${SEVERITY_WORDS[event.severity].padEnd(8)} ${event.message}\n`);

  // Only looks: no data-folder lock, no writes, so it can run next to the app or serve.
  const core = createCompanion({ dataDir: defaultDataDir(), transport: 'direct', shell: cliShell, readOnly: true, logger: createStderrLogger() });
  core.on('monitorEvent', print);
  await core.start();

  return new Promise<number>((resolve) => {
    const stop = () => void core.stop().then(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
