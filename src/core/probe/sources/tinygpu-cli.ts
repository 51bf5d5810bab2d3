// The guide's CLI: `tinygpu list`. It shows presence and link in one cheap run, so it is the
// per-poll probe; the health checks are the details, refreshed on change, on demand or each minute.
import type { DriverInfo, ProbeError } from '../../api/schemas';
import { parseTinygpuList } from '../parsers';
import type { RawOutput, Snapshot } from '../types';
import { checkHealth, withUsers, type HealthDetail } from './health-checks';
import { UNKNOWN_DRIVER, emptyHealth, firstLine, parseError, runProbeCommand, type ProbeSource, type SourceContext } from './source';
import { TierCache, type ProbeOptions } from './tiers';
import { createTinygpuAppSource } from './tinygpu-app';

/** TinyGPU.app's binary answers an unknown command so; on a case-insensitive disk `tinygpu` may be it. */
const APP_BINARY_REPLY = /^Unknown command: list\b/m;
export const APP_BINARY_NOTE = 'The `tinygpu` on PATH is TinyGPU.app (it does not know `list`), so the TinyGPU.app probes are used.';

export function createTinygpuCliSource(ctx: SourceContext, executable: string): ProbeSource {
  const tiers = ctx.tiers ?? new TierCache();
  const detailTier = tiers.tier<HealthDetail>(`tinygpu:${executable}`);

  async function details(signature: string, raw: RawOutput[], options: ProbeOptions): Promise<HealthDetail> {
    const cached = detailTier.reuse(signature, ctx.now(), options);
    if (cached) return cached;
    const fresh = await checkHealth(ctx, raw);
    detailTier.remember(signature, ctx.now(), fresh);
    return fresh;
  }

  return {
    id: 'tinygpu',
    async probe(options: ProbeOptions = {}): Promise<Snapshot> {
      const raw: RawOutput[] = [];
      const at = ctx.now();
      const result = await runProbeCommand(ctx, 'tinygpu list', [executable, 'list'], raw);
      const base = { at, source: 'tinygpu' as const, raw };
      if (result.error) return { ...base, driver: UNKNOWN_DRIVER, devices: [], health: emptyHealth(), errors: [result.error] };

      if (result.exitCode === 2 && APP_BINARY_REPLY.test(result.stdout)) {
        const snapshot = await createTinygpuAppSource({ ...ctx, tiers }).probe(options);
        return { ...snapshot, raw: [...raw, ...snapshot.raw], note: APP_BINARY_NOTE };
      }

      if (result.exitCode !== 0) {
        const driver = driverFromFailure(result.stderr || result.stdout);
        if (driver) {
          const detail = await details(`driver:${driver.state}`, raw, options);
          return { ...base, driver, devices: [], devicesUnknown: true, health: detail.health, errors: [], detailCached: raw.length === 1 };
        }
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
      // What the health checks depend on: which devices, their link and the driver state (not VRAM in use).
      const signature = JSON.stringify([driver.state, devices.map((device) => [device.key, device.link])]);
      const detail = await details(signature, raw, options);
      return { ...base, driver, devices: withUsers(devices, detail.users), health: detail.health, errors: [], detailCached: raw.length === 1 };
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
