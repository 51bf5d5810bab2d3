// Checks that cost the user nothing: is the driver bound (ioreg), is a TinyGPU server running and
// who holds the GPU (ps, lsof). Never connects to the TinyGPU server's socket: it serves one
// client and would lock tinygrad out.
import type { Device, Health } from '../../api/schemas';
import { isExecutable } from '../../platform/which';
import { findGpuUsers, type GpuUsers } from '../gpu-users';
import { parseIoregTinygpu } from '../parsers';
import type { RawOutput } from '../types';
import { emptyHealth, runProbeCommand, type SourceContext } from './source';

export interface HealthDetail {
  health: Health;
  users: GpuUsers;
}

/** `bound` is passed when the caller already read it from the registry, saving a spawn. */
export async function checkHealth(ctx: SourceContext, raw: RawOutput[], known: { bound?: boolean | null } = {}): Promise<HealthDetail> {
  const [bound, users] = await Promise.all([known.bound !== undefined ? known.bound : driverBound(ctx, raw), findGpuUsers(ctx, raw)]);
  return { health: { ...emptyHealth(), driverBound: bound, serverRunning: users.serverRunning }, users };
}

async function driverBound(ctx: SourceContext, raw: RawOutput[]): Promise<boolean | null> {
  const { ioreg } = ctx.monitor.paths;
  if (!(await isExecutable(ioreg))) return null;
  // -r with the exact name: only the dext's own service, never a substring of the whole tree.
  const result = await runProbeCommand(ctx, 'ioreg -r -n tinygpu', [ioreg, '-r', '-n', 'tinygpu'], raw);
  if (result.error) return null;
  const parsed = parseIoregTinygpu(result.stdout);
  return parsed.ok ? parsed.value.bound : null;
}

/** tinygrad drives one GPU at a time, so a lock holder uses the only device there is. */
export function withUsers(devices: Device[], users: GpuUsers | null): Device[] {
  const holder = users?.holders?.[0] ?? null;
  if (devices.length !== 1 || holder === null) return devices;
  return devices.map((device) => ({ ...device, inUseBy: holder }));
}
