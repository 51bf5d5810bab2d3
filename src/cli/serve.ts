// `egpu-companion serve`: the real core and the real renderer over the WebSocket bridge.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { createCompanion } from '../core/companion';
import { commandLineEnvironment } from '../core/platform/login-shell-env';
import { appRoot, defaultDataDir } from '../core/paths';
import { readSimState, simBinDir, writeSimState } from '../core/sim/sim-control';
import { createStderrLogger } from '../core/platform/stderr-logger';
import { processConsole } from '../core/platform/console-output';
import type { LoggerPort } from '../core/platform/logger';
import { acquireDataDirLock } from '../core/store/data-dir-lock';
import { createDemoDataDir } from './demo-data-dir';
import { consoleNotifier, cliShell } from './host-ports';
import { UsageError, type ParsedCli } from './args';
import { startWebServer } from './web-server';
import { hostPowerPort } from './host-ports';
import { createDemoPowerPort } from '../core/sim/demo-power-port';

export async function runServe(cli: ParsedCli): Promise<number> {
  const port = parsePort(cli.values.port);
  const demo = cli.values.demo === true;
  const metricsForced = cli.values.metrics === true;
  const requestedDir = typeof cli.values['data-dir'] === 'string' ? path.resolve(cli.values['data-dir']) : null;
  const rendererDir = path.join(appRoot(), 'out', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error('the renderer is not built yet: run `npm run build` first');
  let dataDir: string | null = null;
  // Once stderr is gone the log goes on in the data folder, where a bug report can find it.
  const logger = createStderrLogger({ fallbackFile: () => (dataDir === null ? null : path.join(dataDir, SERVE_LOG_FILE)) });
  const stdout = processConsole('stdout');
  // A demo starts from a clean slate each time unless told where to keep its files.
  const demoDir = requestedDir === null && demo ? await createDemoDataDir(logger) : null;
  dataDir = requestedDir ?? demoDir?.dir ?? defaultDataDir();
  // One writer per data folder: a second app or serve gets a clear message instead of racing this one.
  const lock = await acquireDataDirLock(dataDir, { host: 'egpu-companion serve', logger });

  let demoOptions: { simStateFile: string; simBinDir: string } | null = null;
  if (demo) {
    const simStateFile = path.join(dataDir, 'sim-state.json');
    if (!existsSync(simStateFile)) await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
    else await readSimState(simStateFile);
    demoOptions = { simStateFile, simBinDir: simBinDir() };
  }

  const recipesDir = typeof cli.values.recipes === 'string' ? path.resolve(cli.values.recipes) : undefined;
  // The demo Mac goes idle towards a short sleep timer, so the page shows the sleep warning.
  const power = demoOptions ? createDemoPowerPort() : await hostPowerPort(dataDir, logger);
  const notifier = consoleNotifier((line) => void (stdout.write(line) || logger.info(line.trimEnd())));
  const userEnvironment = commandLineEnvironment(process.env, logger);
  const core = createCompanion({ dataDir, transport: 'web', demo: demoOptions, shell: cliShell, notifier, recipesDir, logger, power, notices: lock.notices, userEnvironment });
  // Listen before starting the core: a busy port must end the command, not leave a poller running.
  const server = await startWebServer({ api: core, rendererDir, port, metrics: metricsForced }).catch(async (error: unknown) => {
    await lock.release();
    await demoDir?.dispose();
    throw new Error(listenFailure(error, port));
  });
  await core.start();

  stdout.write(`eGPU Companion is running in your browser at ${server.url}\n`);
  if (demoOptions) {
    stdout.write(
      `Demo mode: the eGPU is simulated. Flip it from the page, or with: node ${path.join(appRoot(), 'bin', 'egpu-companion.mjs')} sim absent --state ${demoOptions.simStateFile}\n`,
    );
  }
  const tokenFile = metricsForced || (await core.getSettings({})).inference.metricsExport ? await writeMetricsToken(dataDir, server.token) : null;
  if (tokenFile) stdout.write(`Prometheus export: http://127.0.0.1:${server.port}/metrics (bearer token in ${tokenFile})\n`);
  stdout.write('Press Ctrl-C to stop.\n');
  // The page is the real user: a console nobody reads any more ends nothing.
  stdout.onClosed((reason) => consoleStopped(logger, 'stdout', reason, server.port));

  // Last line of defence: one connection's fault is logged, never the end of web mode.
  const keepServing = (error: unknown) => logger.error('kept serving after an unexpected error', error);
  process.on('uncaughtException', keepServing);
  process.on('unhandledRejection', keepServing);

  return new Promise<number>((resolve) => {
    const shutdown = () => {
      for (const signal of STOP_SIGNALS) process.off(signal, shutdown);
      process.off('uncaughtException', keepServing);
      process.off('unhandledRejection', keepServing);
      void Promise.allSettled([server.close(), core.stop()])
        .then(() => (tokenFile ? fs.rm(tokenFile, { force: true }) : undefined))
        .then(() => lock.release())
        .then(() => demoDir?.dispose())
        .then(() => resolve(0));
    };
    for (const signal of STOP_SIGNALS) process.on(signal, shutdown);
  });
}

/** Where serve logs once its stderr has closed, inside its data folder. */
export const SERVE_LOG_FILE = path.join('logs', 'serve.log');
/** Ctrl-C, a service manager, and the terminal it was started in closing (hang-up) all stop it cleanly. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** One line in the log; the logger says the same itself when stderr is the one that closed. */
function consoleStopped(logger: LoggerPort, stream: 'stdout', reason: string, port: number): void {
  logger.warn(`console output stopped: ${stream} closed (${reason}); still serving on 127.0.0.1:${port}`);
}

function parsePort(value: string | boolean | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${String(value)}"`);
  return port;
}

/**
 * The session token for a local Prometheus (`authorization.credentials_file`), readable by this
 * user only; it changes with every start, and Prometheus re-reads the file on each scrape.
 */
async function writeMetricsToken(dataDir: string, token: string): Promise<string> {
  const file = path.join(dataDir, 'metrics-token');
  await fs.rm(file, { force: true });
  await fs.writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}

/** One line for the user; the CLI prints it and exits 2. */
export function listenFailure(error: unknown, port: number): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code === 'EADDRINUSE') return `port ${port} on 127.0.0.1 is already in use: stop what uses it or choose another with --port`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}: choose a port above 1023 with --port`;
  return `could not listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}`;
}
