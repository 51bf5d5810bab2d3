// The expensive half of the TinyGPU.app probe: driver state (systemextensionsctl, TinyGPU status),
// the GPU's PCI entry and its Thunderbolt port (system_profiler), who uses it (ps, lsof).
import type { Device, DriverInfo, GpuVendor, Link, LinkKind, ProbeError } from '../../api/schemas';
import { isExecutable } from '../../platform/which';
import { withCardName } from '../card-names';
import { formatPciClass, pciClassFromDeviceType } from '../pci-class';
import {
  deviceKey,
  isDeadVendorId,
  parseSystemExtensions,
  parseSystemProfilerPciJson,
  parseSystemProfilerThunderboltJson,
  parseTinygpuAppStatus,
  type IoregPciDevice,
  type PciDevice,
  type ThunderboltPort,
} from '../parsers';
import type { RawOutput, Snapshot } from '../types';
import { checkHealth, withUsers } from './health-checks';
import { UNKNOWN_DRIVER, emptyHealth, firstLine, parseError, runProbeCommand, type SourceContext } from './source';

export const GPU_VENDORS: Record<string, GpuVendor> = { '0x10de': 'nvidia', '0x1002': 'amd', '0x8086': 'intel' };

/** `registry` = the cheap probe's view of the GPUs, or null when ioreg could not be read. */
export async function probeAppDetails(ctx: SourceContext, raw: RawOutput[], registry: IoregPciDevice[] | null): Promise<Snapshot> {
  const at = ctx.now();
  const { tinygpuApp, systemextensionsctl, systemProfiler } = ctx.monitor.paths;
  const errors: ProbeError[] = [];

  const driver = await readDriverState(ctx, raw, errors, { tinygpuApp, systemextensionsctl });
  const pciResult = await runProbeCommand(ctx, 'system_profiler SPPCIDataType', [systemProfiler, 'SPPCIDataType', '-json'], raw);
  let gpus: PciDevice[] = [];
  if (pciResult.error) errors.push(pciResult.error);
  else {
    const parsed = parseSystemProfilerPciJson(pciResult.stdout);
    if (parsed.ok) gpus = parsed.value.filter(isExternalGpu);
    else errors.push(parseError('system_profiler', `system_profiler printed something unexpected: ${parsed.error.message}`));
  }
  const ports = gpus.length > 0 ? await thunderboltPorts(ctx, raw) : [];
  const port = portOfGpu(ports);
  let devices = gpus.map((gpu, index) => pciToDevice(gpu, index, port, driver, registryEntryFor(gpu, registry)));
  const bound = registry === null ? undefined : registry.some((entry) => entry.driverBound);
  const detail = devices.length > 0 || driver.state === 'ready' ? await checkHealth(ctx, raw, { bound }) : null;
  devices = withUsers(devices, detail?.users ?? null);
  const health = detail?.health ?? emptyHealth();
  health.deadLink = gpus.length > 0 ? gpus.some((gpu) => isDeadVendorId(gpu.vendorId)) : null;
  if (registry !== null) health.dextMatched = registry.some((entry) => (entry.dextMatchCount ?? 0) > 0 || entry.driverBound);
  return { at, source: 'tinygpu-app', driver, devices, health, errors, raw };
}

async function thunderboltPorts(ctx: SourceContext, raw: RawOutput[]): Promise<ThunderboltPort[]> {
  const { systemProfiler } = ctx.monitor.paths;
  const result = await runProbeCommand(ctx, 'system_profiler SPThunderboltDataType', [systemProfiler, 'SPThunderboltDataType', '-json'], raw);
  const parsed = result.error ? null : parseSystemProfilerThunderboltJson(result.stdout);
  return parsed?.ok ? parsed.value : [];
}

async function readDriverState(
  ctx: SourceContext,
  raw: RawOutput[],
  errors: ProbeError[],
  paths: { tinygpuApp: string; systemextensionsctl: string },
): Promise<DriverInfo> {
  // systemextensionsctl first: TinyGPU's own `status` reads a stale uninstall row as "not installed"
  // and a switched-off driver as "activating".
  if (await isExecutable(paths.systemextensionsctl)) {
    const result = await runProbeCommand(ctx, 'systemextensionsctl list', [paths.systemextensionsctl, 'list'], raw);
    if (!result.error) {
      const parsed = parseSystemExtensions(result.stdout);
      if (parsed.ok) return { state: parsed.value.state, name: 'TinyGPU', version: parsed.value.version, signing: null, detail: null };
    }
  }
  if (!(await isExecutable(paths.tinygpuApp))) {
    return { ...UNKNOWN_DRIVER, state: 'not-installed', detail: 'TinyGPU.app is not installed' };
  }
  const result = await runProbeCommand(ctx, 'TinyGPU status', [paths.tinygpuApp, 'status'], raw);
  if (result.error) {
    errors.push(result.error);
    return UNKNOWN_DRIVER;
  }
  const parsed = parseTinygpuAppStatus(result.stdout);
  if (!parsed.ok) {
    errors.push(parseError('TinyGPU status', `TinyGPU status printed something unexpected: ${firstLine(result.stdout)}`));
    return UNKNOWN_DRIVER;
  }
  return { state: parsed.value.state, name: 'TinyGPU', version: null, signing: null, detail: parsed.value.message };
}

function isExternalGpu(device: PciDevice): boolean {
  if (!device.thunderbolt) return false;
  if (/audio|usb|xhci|nvme|ethernet|network/i.test(`${device.deviceType ?? ''} ${device.name}`)) return false;
  return device.vendorId === null || isDeadVendorId(device.vendorId) || device.vendorId in GPU_VENDORS;
}

const UNKNOWN_SPEED = { kind: 'unknown' as LinkKind, name: 'Thunderbolt (speed unknown)' };

/**
 * The Thunderbolt port the GPU hangs off. system_profiler does not tie a PCI slot to a port, so
 * only an unambiguous answer counts: one connected port, or all connected ports alike. Guessing
 * from the fastest port would call a 40 Gb/s Thunderbolt 3 enclosure "Thunderbolt 4".
 */
export function portOfGpu(ports: ThunderboltPort[]): { kind: LinkKind; name: string } {
  const kinds = new Set(ports.filter((port) => port.connected).map(portKind));
  if (kinds.size !== 1) return UNKNOWN_SPEED;
  const [only] = [...kinds];
  const name = only === undefined ? undefined : LINK_NAMES[only];
  return only === undefined || name === undefined ? UNKNOWN_SPEED : { kind: only, name };
}

const LINK_NAMES: Partial<Record<LinkKind, string>> = {
  thunderbolt5: 'Thunderbolt 5',
  usb4: 'USB4',
  thunderbolt4: 'Thunderbolt (40 Gb/s)',
  thunderbolt3: 'Thunderbolt 3 (20 Gb/s)',
};

function portKind(port: ThunderboltPort): LinkKind {
  const speed = port.speedGbps ?? 0;
  if (speed >= 80) return 'thunderbolt5';
  if (/usb_?four|usb4/i.test(port.mode ?? '')) return 'usb4';
  // 40 Gb/s is Thunderbolt 3, 4 or USB4 alike; the name says so rather than guess.
  if (speed >= 40) return 'thunderbolt4';
  if (speed >= 20) return 'thunderbolt3';
  return 'unknown';
}

function registryEntryFor(gpu: PciDevice, registry: IoregPciDevice[] | null): IoregPciDevice | null {
  return registry?.find((entry) => entry.vendorId === gpu.vendorId && entry.deviceId === gpu.deviceId) ?? null;
}

function pciToDevice(gpu: PciDevice, index: number, port: { kind: LinkKind; name: string }, driver: DriverInfo, entry: IoregPciDevice | null): Device {
  const vendor = (gpu.vendorId && GPU_VENDORS[gpu.vendorId]) || 'unknown';
  const width = gpu.linkWidth ?? entry?.linkWidth ?? null;
  const gen = gpu.pcieGen ?? entry?.linkGen ?? null;
  const pcie = [width ? `x${width}` : null, gen ? `Gen${gen}` : null].filter(Boolean).join(' ');
  const link: Link = { kind: port.kind, label: pcie ? `${port.name} (PCIe ${pcie})` : port.name, pcieWidth: width, pcieGen: gen, up: gpu.linkUp };
  const pciClass = entry?.classCode != null ? formatPciClass(entry.classCode) : pciClassFromDeviceType(gpu.deviceType);
  // Named ("display" → its marketing name) and given spec VRAM from its PCI id, as the monitor does for every source.
  return withCardName({
    key: deviceKey({ vendorId: gpu.vendorId, deviceId: gpu.deviceId, slot: gpu.slot, index, name: gpu.name }),
    index,
    name: /^pci[0-9a-f]{4},/i.test(gpu.name) || !gpu.name ? `${vendorLabel(vendor)} GPU ${gpu.deviceId ?? ''}`.trim() : gpu.name,
    vendor,
    vendorId: gpu.vendorId,
    deviceId: gpu.deviceId,
    vramTotalMB: null,
    vramType: null,
    vramTotalSource: null,
    vramUsedMB: null,
    vramUsedSource: null,
    utilizationPct: null,
    link,
    driver,
    extra: gpu.slot ? { Slot: gpu.slot } : {},
    pciClass,
  });
}

function vendorLabel(vendor: GpuVendor): string {
  return { nvidia: 'NVIDIA', amd: 'AMD', intel: 'Intel', unknown: 'External' }[vendor];
}
