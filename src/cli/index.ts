// egpu-companion: serve (web mode), status, watch, sim. One-line errors and exit codes, never a stack trace.
import { parseArgs } from 'node:util';
import { UsageError, type ParsedCli } from './args';
import { runDoctorCli } from './doctor';
import { runServe } from './serve';
import { runSim } from './sim';
import { runSpeedtestCli } from './speedtest';
import { runStatus } from './status';
import { runWatch } from './watch';

const USAGE = `Usage: egpu-companion <command> [options]

Commands:
  serve [--port N] [--demo] [--metrics] [--data-dir DIR] [--recipes DIR]
                                               Run the app in a browser (127.0.0.1 only; prints the URL)
  status [--json] [--tinygpu PATH] [--source auto|tinygpu|tinygpu-app|nvidia-smi] [--sim-state FILE]
                                               Probe once; exit 0 ready, 1 no device/driver not ready, 2 probe error
  doctor [--json] [--compute] [--device NV|AMD] [--report FILE] [--sim-state FILE]
                                               Check that the eGPU really computes; exit 0 it works, 1 broken or not confirmed (run --compute)
  watch [--json] [--interval SEC]              Print events as they happen (one JSON object per line with --json)
  speedtest [--backend ollama|openai] [--url URL] [--model M] [--runs N] [--max-tokens N] [--json]
                                               Measure tok/s and TTFT; exit 2 if the server is unreachable or the model unknown
  speedtest --backend tinygrad-benchmark --model M [--device NV|AMD] [--python PATH] [--runs N] [--max-tokens N] [--json]
                                               tinygrad's --benchmark on the eGPU: tok/s, GB/s, MB used; exit 2 if python3 or tinygrad is missing or a run fails
  sim <scenario> --state FILE [--gpu PRESET]   Flip the device simulator used by serve --demo
  help                                         Show this text`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await runServe(parse(rest, { port: { type: 'string' }, demo: { type: 'boolean' }, metrics: { type: 'boolean' }, 'data-dir': { type: 'string' }, recipes: { type: 'string' } }));
      case 'status':
        return await runStatus(parse(rest, { json: { type: 'boolean' }, tinygpu: { type: 'string' }, source: { type: 'string' }, 'sim-state': { type: 'string' } }));
      case 'doctor':
        return await runDoctorCli(parse(rest, { json: { type: 'boolean' }, compute: { type: 'boolean' }, device: { type: 'string' }, report: { type: 'string' }, 'sim-state': { type: 'string' } }));
      case 'watch':
        return await runWatch(parse(rest, { json: { type: 'boolean' }, interval: { type: 'string' } }));
      case 'speedtest':
        return await runSpeedtestCli(parse(rest, { backend: { type: 'string' }, url: { type: 'string' }, model: { type: 'string' }, runs: { type: 'string' }, 'max-tokens': { type: 'string' }, device: { type: 'string' }, python: { type: 'string' }, json: { type: 'boolean' } }));
      case 'sim':
        return await runSim(parse(rest, { state: { type: 'string' }, gpu: { type: 'string' } }, true));
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case undefined:
        process.stderr.write(`${USAGE}\n`);
        return 2;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`egpu-companion: ${(error as Error).message}\nRun 'egpu-companion help' for usage.\n`);
      return 2;
    }
    process.stderr.write(`egpu-companion: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
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
