// Checks that cost the user nothing: is the driver bound (ioreg), is a TinyGPU server running (ps).
// Never connects to the TinyGPU server's socket: it serves one client and would lock tinygrad out.
import type { Health } from '../../api/schemas';
import { isExecutable } from '../../platform/which';
import { parseIoregTinygpu, parseTinygpuServerProcesses } from '../parsers';
import type { RawOutput } from '../types';
import { emptyHealth, runProbeCommand, type SourceContext } from './source';

export async function checkHealth(ctx: SourceContext, raw: RawOutput[]): Promise<Health> {
  const health = emptyHealth();
  const { ioreg, ps } = ctx.monitor.paths;
  const [bound, server] = await Promise.all([
    (async () => {
      if (!(await isExecutable(ioreg))) return null;
      const result = await runProbeCommand(ctx, 'ioreg -n tinygpu', [ioreg, '-n', 'tinygpu'], raw);
      if (result.error) return null;
      const parsed = parseIoregTinygpu(result.stdout);
      return parsed.ok ? parsed.value.bound : null;
    })(),
    (async () => {
      if (!(await isExecutable(ps))) return null;
      const result = await runProbeCommand(ctx, 'ps', [ps, '-axo', 'pid=,command='], raw);
      if (result.error) return null;
      const parsed = parseTinygpuServerProcesses(result.stdout);
      return parsed.ok ? parsed.value.running : null;
    })(),
  ]);
  return { ...health, driverBound: bound, serverRunning: server };
}
