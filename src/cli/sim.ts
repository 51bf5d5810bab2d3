// `egpu-companion sim <scenario> --state FILE`: flip the simulator behind `serve --demo`.
import { DemoScenarioSchema } from '../core/api/schemas';
import { readSimState, SimStateSchema, writeSimState } from '../core/sim/sim-control';
import { UsageError, type ParsedCli } from './args';

export async function runSim(cli: ParsedCli): Promise<number> {
  const file = cli.values.state;
  if (typeof file !== 'string') throw new UsageError('sim needs --state FILE (serve --demo prints it)');
  const [what] = cli.positionals;
  const current = await readSimState(file);
  if (what === undefined || what === 'show') {
    process.stdout.write(`${JSON.stringify(current)}\n`);
    return 0;
  }
  const scenario = DemoScenarioSchema.safeParse(what);
  if (!scenario.success) throw new UsageError(`unknown scenario "${what}"; one of: ${DemoScenarioSchema.options.join(', ')}`);
  const next = SimStateSchema.safeParse({ ...current, scenario: scenario.data, ...(typeof cli.values.gpu === 'string' ? { gpu: cli.values.gpu } : {}) });
  if (!next.success) throw new UsageError(`invalid simulator state: ${next.error.issues[0]?.message ?? 'unknown problem'}`);
  await writeSimState(file, next.data);
  process.stdout.write(`simulator: ${next.data.scenario}\n`);
  return 0;
}
