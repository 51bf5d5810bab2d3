// The driver as it ships: TinyGPU.app. Each poll runs one cheap registry query (presence, class,
// PCIe link, driver bound); the system_profiler / systemextensionsctl details run only when that
// changes, when asked, or once a minute (see tiers.ts).
import { isExecutable } from '../../platform/which';
import { isDeadVendorId, parseIoregPci, type IoregPciDevice } from '../parsers';
import type { RawOutput, Snapshot } from '../types';
import { runProbeCommand, type ProbeSource, type SourceContext } from './source';
import { GPU_VENDORS, probeAppDetails } from './tinygpu-app-detail';
import { TierCache, type ProbeOptions } from './tiers';

/** `-r -c` with the exact class: only PCI devices and what hangs below them, never the whole tree. */
export const IOREG_PCI_ARGS = ['-r', '-c', 'IOPCIDevice', '-l', '-w', '0'] as const;

export function createTinygpuAppSource(ctx: SourceContext): ProbeSource {
  const tiers = ctx.tiers ?? new TierCache();
  const detailTier = tiers.tier<Snapshot>('tinygpu-app');

  return {
    id: 'tinygpu-app',
    async probe(options: ProbeOptions = {}): Promise<Snapshot> {
      const raw: RawOutput[] = [];
      const at = ctx.now();
      const registry = await readRegistry(ctx, raw);
      // Without the registry there is no cheap way to notice a change: run everything.
      if (registry === null) return probeAppDetails(ctx, raw, null);
      const signature = JSON.stringify(
        registry.map((gpu) => [gpu.vendorId, gpu.deviceId, gpu.location, gpu.classCode, gpu.linkWidth, gpu.linkGen, gpu.driverBound, gpu.dextMatchCount]),
      );
      const cached = detailTier.reuse(signature, at, options);
      if (cached) return { ...cached, at, raw, detailCached: true };
      const snapshot = await probeAppDetails(ctx, raw, registry);
      // A detail run that failed is not worth keeping: the next poll tries again.
      if (snapshot.errors.length === 0) detailTier.remember(signature, at, snapshot);
      return snapshot;
    },
  };
}

/** The external GPUs the registry shows, or null when ioreg is missing or unreadable. */
async function readRegistry(ctx: SourceContext, raw: RawOutput[]): Promise<IoregPciDevice[] | null> {
  const { ioreg } = ctx.monitor.paths;
  if (!(await isExecutable(ioreg))) return null;
  const result = await runProbeCommand(ctx, 'ioreg -r -c IOPCIDevice', [ioreg, ...IOREG_PCI_ARGS], raw);
  if (result.error || result.exitCode !== 0) return null;
  const parsed = parseIoregPci(result.stdout);
  return parsed.ok ? parsed.value.filter(isRegistryGpu) : null;
}

/** A display-class device (or one whose config space reads all ones) tunnelled over Thunderbolt. */
export function isRegistryGpu(device: IoregPciDevice): boolean {
  if (device.tunnelled === false) return false;
  if (isDeadVendorId(device.vendorId)) return true;
  const display = device.classCode !== null && device.classCode >> 16 === 0x03;
  return display && (device.vendorId === null || device.vendorId in GPU_VENDORS);
}
