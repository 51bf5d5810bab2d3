// The guide's CLI: `tinygpu list`.
import type { DriverInfo, ProbeError } from '../../api/schemas';
import { parseTinygpuList } from '../parsers';
import type { RawOutput, Snapshot } from '../types';
import { checkHealth } from './health-checks';
import { UNKNOWN_DRIVER, emptyHealth, firstLine, parseError, runProbeCommand, type ProbeSource, type SourceContext } from './source';

export function createTinygpuCliSource(ctx: SourceContext, executable: string): ProbeSource {
  return {
    id: 'tinygpu',
    async probe(): Promise<Snapshot> {
      const raw: RawOutput[] = [];
      const at = ctx.now();
      const result = await runProbeCommand(ctx, 'tinygpu list', [executable, 'list'], raw);
      const base = { at, source: 'tinygpu' as const, raw };
      if (result.error) return { ...base, driver: UNKNOWN_DRIVER, devices: [], health: emptyHealth(), errors: [result.error] };

      if (result.exitCode !== 0) {
        const driver = driverFromFailure(result.stderr || result.stdout);
        if (driver) return { ...base, driver, devices: [], devicesUnknown: true, health: await checkHealth(ctx, raw), errors: [] };
        const error: ProbeError = {
          source: 'tinygpu list',
          kind: 'exit-code',
          message: `tinygpu list failed (exit ${result.exitCode}): ${firstLine(result.stderr || result.stdout) || 'no message'}`,
        };
        return { ...base, driver: UNKNOWN_DRIVER, devices: [], health: emptyHealth(), errors: [error] };
      }

      const parsed = parseTinygpuList(result.stdout);
      if (!parsed.ok) {
        return {
          ...base,
          driver: UNKNOWN_DRIVER,
          devices: [],
          health: emptyHealth(),
          errors: [parseError('tinygpu list', `tinygpu list printed something unexpected: ${parsed.error.message}`)],
        };
      }
      const { devices } = parsed.value;
      const driver: DriverInfo = devices[0]?.driver ?? { ...UNKNOWN_DRIVER, state: 'ready', detail: parsed.value.message };
      return { ...base, driver, devices, health: await checkHealth(ctx, raw), errors: [] };
    },
  };
}

/** A failing `tinygpu list` that tells us about the driver is a driver state, not a probe error. */
export function driverFromFailure(text: string): DriverInfo | null {
  const detail = firstLine(text) || null;
  if (/approv|allow the extension|waiting for user/i.test(text)) return { ...UNKNOWN_DRIVER, state: 'awaiting-approval', detail };
  if (/not (loaded|installed)|kextload|no driver|driver extension not/i.test(text)) return { ...UNKNOWN_DRIVER, state: 'not-installed', detail };
  if (/activating/i.test(text)) return { ...UNKNOWN_DRIVER, state: 'activating', detail };
  return null;
}
