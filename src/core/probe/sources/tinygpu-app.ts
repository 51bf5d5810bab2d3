// The driver as it ships: TinyGPU.app + systemextensionsctl + system_profiler.
import type { Device, DriverInfo, GpuVendor, Link, LinkKind, ProbeError } from '../../api/schemas';
import { isExecutable } from '../../platform/which';
import {
  deviceKey,
  isDeadVendorId,
  parseSystemExtensions,
  parseSystemProfilerPciJson,
  parseSystemProfilerThunderboltJson,
  parseTinygpuAppStatus,
  type PciDevice,
  type ThunderboltPort,
} from '../parsers';
import type { RawOutput, Snapshot } from '../types';
import { checkHealth } from './health-checks';
import { UNKNOWN_DRIVER, emptyHealth, firstLine, parseError, runProbeCommand, type ProbeSource, type SourceContext } from './source';

// system_profiler's Thunderbolt report is slow and rarely changes: refresh it at most this often.
const THUNDERBOLT_REFRESH_MS = 30_000;

export function createTinygpuAppSource(ctx: SourceContext): ProbeSource {
  let thunderbolt: { at: number; ports: ThunderboltPort[] } | null = null;

  async function thunderboltPorts(raw: RawOutput[]): Promise<ThunderboltPort[]> {
    if (thunderbolt && ctx.now() - thunderbolt.at < THUNDERBOLT_REFRESH_MS) return thunderbolt.ports;
    const { systemProfiler } = ctx.monitor.paths;
    const result = await runProbeCommand(ctx, 'system_profiler SPThunderboltDataType', [systemProfiler, 'SPThunderboltDataType', '-json'], raw);
    const parsed = result.error ? null : parseSystemProfilerThunderboltJson(result.stdout);
    thunderbolt = { at: ctx.now(), ports: parsed?.ok ? parsed.value : [] };
    return thunderbolt.ports;
  }

  return {
    id: 'tinygpu-app',
    async probe(): Promise<Snapshot> {
      const raw: RawOutput[] = [];
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
      const ports = gpus.length > 0 ? await thunderboltPorts(raw) : [];
      const devices = gpus.map((gpu, index) => pciToDevice(gpu, index, linkKindFromPorts(ports), driver));
      const health = devices.length > 0 || driver.state === 'ready' ? await checkHealth(ctx, raw) : emptyHealth();
      health.deadLink = gpus.length > 0 ? gpus.some((gpu) => isDeadVendorId(gpu.vendorId)) : null;
      return { at, source: 'tinygpu-app', driver, devices, health, errors, raw };
    },
  };
}

async function readDriverState(
  ctx: SourceContext,
  raw: RawOutput[],
  errors: ProbeError[],
  paths: { tinygpuApp: string; systemextensionsctl: string },
): Promise<DriverInfo> {
  // systemextensionsctl first: TinyGPU's own `status` reads a stale uninstall row as "not installed".
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

const GPU_VENDORS: Record<string, GpuVendor> = { '0x10de': 'nvidia', '0x1002': 'amd', '0x8086': 'intel' };

function isExternalGpu(device: PciDevice): boolean {
  if (!device.thunderbolt) return false;
  if (/audio|usb|xhci|nvme|ethernet|network/i.test(`${device.deviceType ?? ''} ${device.name}`)) return false;
  return device.vendorId === null || isDeadVendorId(device.vendorId) || device.vendorId in GPU_VENDORS;
}

function linkKindFromPorts(ports: ThunderboltPort[]): { kind: LinkKind; name: string } {
  const connected = ports.filter((port) => port.connected);
  const fastest = Math.max(0, ...connected.map((port) => port.speedGbps ?? 0));
  const usb4 = connected.some((port) => /usb_?four|usb4/i.test(port.mode ?? ''));
  if (fastest >= 80) return { kind: 'thunderbolt5', name: 'Thunderbolt 5' };
  if (fastest >= 40) return usb4 ? { kind: 'usb4', name: 'USB4' } : { kind: 'thunderbolt4', name: 'Thunderbolt 4' };
  if (fastest >= 20) return { kind: 'thunderbolt3', name: 'Thunderbolt 3' };
  return { kind: 'unknown', name: 'Thunderbolt' };
}

function pciToDevice(gpu: PciDevice, index: number, port: { kind: LinkKind; name: string }, driver: DriverInfo): Device {
  const vendor = (gpu.vendorId && GPU_VENDORS[gpu.vendorId]) || 'unknown';
  const width = gpu.linkWidth;
  const gen = gpu.pcieGen;
  const pcie = [width ? `x${width}` : null, gen ? `Gen${gen}` : null].filter(Boolean).join(' ');
  const link: Link = {
    kind: port.kind,
    label: pcie ? `${port.name} (PCIe ${pcie})` : port.name,
    pcieWidth: width,
    pcieGen: gen,
    up: gpu.linkUp,
  };
  return {
    key: deviceKey({ vendorId: gpu.vendorId, deviceId: gpu.deviceId, slot: gpu.slot, index, name: gpu.name }),
    index,
    name: /^pci[0-9a-f]{4},/i.test(gpu.name) || !gpu.name ? `${vendorLabel(vendor)} GPU ${gpu.deviceId ?? ''}`.trim() : gpu.name,
    vendor,
    vendorId: gpu.vendorId,
    deviceId: gpu.deviceId,
    vramTotalMB: null,
    vramType: null,
    vramUsedMB: null,
    vramUsedSource: null,
    utilizationPct: null,
    link,
    driver,
    extra: gpu.slot ? { Slot: gpu.slot } : {},
  };
}

function vendorLabel(vendor: GpuVendor): string {
  return { nvidia: 'NVIDIA', amd: 'AMD', intel: 'Intel', unknown: 'External' }[vendor];
}
