// egpu-companion: serve (web mode), status, watch, speedtest, sim. One-line errors and exit codes, never a stack trace.
import { parseArgs } from 'node:util';
import { processConsole } from '../core/platform/console-output';
import { createStderrLogger } from '../core/platform/stderr-logger';
import { logUnexpectedErrors } from '../core/platform/unexpected-errors';
import { UsageError, type ParsedCli } from './args';
import { runDoctorCli } from './doctor';
import { runServe } from './serve';
import { runSim } from './sim';
import { runSpeedtestCli } from './speedtest';
import { runStatus } from './status';
import { COMMAND_HELP, isCommand, OVERVIEW } from './usage';
import { runWatch } from './watch';
import { appVersion } from '../core/paths';

let guardInstalled = false;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!guardInstalled) {
    // Every command is a host: a bug in one request or timer is logged, the rest keeps working.
    guardInstalled = true;
    const logger = createStderrLogger();
    logUnexpectedErrors(process, { host: `egpu-companion ${command ?? ''}`.trim(), logger: () => logger });
  }
  // `<command> --help` answers before the options are checked: asking for help is never an error.
  if (isCommand(command) && rest.some((arg) => arg === '--help' || arg === '-h')) return printed(COMMAND_HELP[command]);
  try {
    switch (command) {
      case 'serve':
        return await runServe(parse(rest, { port: { type: 'string' }, demo: { type: 'boolean' }, metrics: { type: 'boolean' }, 'data-dir': { type: 'string' }, recipes: { type: 'string' } }));
      case 'status':
        return await runStatus(parse(rest, { json: { type: 'boolean' }, tinygpu: { type: 'string' }, source: { type: 'string' }, 'sim-state': { type: 'string' } }));
      case 'doctor':
        return await runDoctorCli(parse(rest, { json: { type: 'boolean' }, compute: { type: 'boolean' }, device: { type: 'string' }, report: { type: 'string' }, 'sim-state': { type: 'string' } }));
      case 'watch':
        return await runWatch(parse(rest, { json: { type: 'boolean' }, interval: { type: 'string' }, 'sim-state': { type: 'string' } }));
      case 'speedtest':
        return await runSpeedtestCli(parse(rest, { backend: { type: 'string' }, url: { type: 'string' }, model: { type: 'string' }, runs: { type: 'string' }, 'max-tokens': { type: 'string' }, device: { type: 'string' }, python: { type: 'string' }, json: { type: 'boolean' } }));
      case 'sim':
        return await runSim(parse(rest, { state: { type: 'string' }, gpu: { type: 'string' } }, true));
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        if (topic !== undefined && !isCommand(topic)) throw new UsageError(`no help for "${topic}": commands are ${Object.keys(COMMAND_HELP).join(', ')}`);
        return printed(topic === undefined ? OVERVIEW : COMMAND_HELP[topic]);
      }
      case '--version':
      case '-V':
      case 'version':
        return printed(`egpu-companion ${appVersion()}`);
      case undefined:
        processConsole('stderr').write(`${OVERVIEW}\n`);
        return 2;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      processConsole('stderr').write(`egpu-companion: ${(error as Error).message}\nRun 'egpu-companion help' for usage.\n`);
      return 2;
    }
    processConsole('stderr').write(`egpu-companion: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function printed(text: string): number {
  processConsole('stdout').write(`${text}\n`);
  return 0;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parse(args: string[], options: OptionSpec, allowPositionals = false): ParsedCli {
  const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
  return { values: values as ParsedCli['values'], positionals };
}

function isParseArgsError(error: unknown): boolean {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
