// Domain schemas shared by every side of the app. This file (and the rest of src/core/api)
// must stay free of Node and Electron imports: the renderer imports it.
import { z } from 'zod';
import { AppPowerSchema } from './power';
import { ComputeCheckRecordSchema, CopyRatesSchema } from './doctor';

export const GpuVendorSchema = z.enum(['nvidia', 'amd', 'intel', 'unknown']);
export type GpuVendor = z.infer<typeof GpuVendorSchema>;

export const LinkKindSchema = z.enum([
  'thunderbolt5',
  'thunderbolt4',
  'thunderbolt3',
  'usb4',
  'usb3',
  'pcie',
  'unknown',
]);
export type LinkKind = z.infer<typeof LinkKindSchema>;

export const LinkSchema = z.object({
  kind: LinkKindSchema,
  /** Human text as the source printed it, e.g. "Thunderbolt 4 (PCIe x4 Gen4)". */
  label: z.string(),
  pcieWidth: z.number().int().positive().nullable(),
  pcieGen: z.number().int().positive().nullable(),
  /** false when a source says the link is down; null when unknown. */
  up: z.boolean().nullable(),
});
export type Link = z.infer<typeof LinkSchema>;

export const DriverStateSchema = z.enum([
  'ready',
  'activating',
  'awaiting-approval',
  'not-installed',
  'waiting-to-uninstall',
  /** The user switched the driver off in System Settings (`[activated disabled]`). */
  'disabled',
  'unknown',
]);
export type DriverState = z.infer<typeof DriverStateSchema>;

export const DriverInfoSchema = z.object({
  state: DriverStateSchema,
  name: z.string().nullable(),
  version: z.string().nullable(),
  /** e.g. "Apple Signed" */
  signing: z.string().nullable(),
  detail: z.string().nullable(),
});
export type DriverInfo = z.infer<typeof DriverInfoSchema>;

export const VramUsedSourceSchema = z.enum(['device', 'ollama']);

export const DeviceSchema = z.object({
  /** Stable identity across polls: vendor/device id + slot when known, else the name. */
  key: z.string(),
  index: z.number().int().nonnegative(),
  name: z.string(),
  vendor: GpuVendorSchema,
  vendorId: z.string().nullable(),
  deviceId: z.string().nullable(),
  vramTotalMB: z.number().nonnegative().nullable(),
  vramType: z.string().nullable(),
  vramUsedMB: z.number().nonnegative().nullable(),
  /** Where vramUsedMB came from: the device itself, or the sum of Ollama's resident models. */
  vramUsedSource: VramUsedSourceSchema.nullable(),
  utilizationPct: z.number().min(0).max(100).nullable(),
  link: LinkSchema,
  driver: DriverInfoSchema.nullable(),
  /** Extra `Key: value` lines a source printed that we do not model. */
  extra: z.record(z.string(), z.string()),
  /** PCI class code as "0x030000" (VGA) or "0x030200" (3D controller); absent when the source does not say. */
  pciClass: z.string().nullable().optional(),
  /** Where vramTotalMB came from: the device, or the spec table for its PCI id (nothing on a Mac reports it). */
  vramTotalSource: z.enum(['device', 'spec']).nullable().optional(),
  /** The process holding tinygrad's GPU lock, if any. */
  inUseBy: z.object({ pid: z.number().int().positive(), command: z.string() }).nullable().optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const SourceIdSchema = z.enum(['tinygpu', 'tinygpu-app', 'nvidia-smi']);
export type SourceId = z.infer<typeof SourceIdSchema>;

export const SourceSelectionSchema = z.enum(['auto', 'tinygpu', 'tinygpu-app', 'nvidia-smi']);
export type SourceSelection = z.infer<typeof SourceSelectionSchema>;

export const ProbeErrorKindSchema = z.enum([
  'not-found',
  'timeout',
  'output-too-large',
  'exit-code',
  'crashed',
  'parse',
  'spawn',
]);
export const ProbeErrorSchema = z.object({
  source: z.string(),
  kind: ProbeErrorKindSchema,
  message: z.string(),
});
export type ProbeError = z.infer<typeof ProbeErrorSchema>;

export const HealthSchema = z.object({
  /** `ioreg -n tinygpu` found the driver bound to a GPU. null = not checked. */
  driverBound: z.boolean().nullable(),
  /** A `TinyGPU server` process is running. */
  serverRunning: z.boolean().nullable(),
  /** The GPU's PCI vendor id reads all ones: the link is dead. */
  deadLink: z.boolean().nullable(),
  /** Host CPU architecture (arm64 expected; x86_64 Macs are reported to panic). */
  hostArch: z.string().nullable(),
  /** The registry shows the TinyGPU dext matched the GPU (IODEXTMatchCount > 0), bound or not. */
  dextMatched: z.boolean().nullable().optional(),
});
export type Health = z.infer<typeof HealthSchema>;

export const SeveritySchema = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

export const HazardActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('open-url'), label: z.string(), url: z.string() }),
  z.object({ kind: z.literal('refresh'), label: z.string() }),
  z.object({ kind: z.literal('open-setup'), label: z.string() }),
  z.object({ kind: z.literal('copy-diagnostics'), label: z.string() }),
  z.object({ kind: z.literal('dismiss'), label: z.string() }),
]);
export type HazardAction = z.infer<typeof HazardActionSchema>;

export const HazardSchema = z.object({
  /** Stable per kind of trouble (and device), so the UI and notifications can de-duplicate. */
  id: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  why: z.string(),
  actions: z.array(HazardActionSchema),
  since: z.number(),
});
export type Hazard = z.infer<typeof HazardSchema>;

/** The id of the "link slower than expected" hazard for a device; the UI colours the link badge by it. */
export function linkHazardId(deviceKey: string): string {
  return `link-degraded:${deviceKey}`;
}

export const TrayStateSchema = z.enum(['ok', 'warning', 'disconnected', 'unknown']);
export type TrayState = z.infer<typeof TrayStateSchema>;

export const NoticeSchema = z.object({
  id: z.string(),
  level: SeveritySchema,
  message: z.string(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const DemoScenarioSchema = z.enum([
  'connected',
  'absent',
  'driver-not-loaded',
  'awaiting-approval',
  'degraded-link',
  // The eGPU doctor's cases: the driver looks ready, the card does not compute (or needs attention).
  'arch-garbage',
  'rpc-timeout',
  'server-no-driver',
  '3d-controller',
  'leftover-driver-processes',
  'docker-missing',
  'usb3-slow-link',
  'hung',
  'crashing',
  'garbage',
]);
export type DemoScenario = z.infer<typeof DemoScenarioSchema>;

export const ProbeStatusSchema = z.object({
  lastAt: z.number().nullable(),
  source: SourceIdSchema.nullable(),
  /** One clear line when the last probe failed. */
  error: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  intervalMs: z.number().positive(),
});
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;

export const AppStateSchema = z.object({
  tray: TrayStateSchema,
  /** One line for the tooltip and the popover header. */
  summary: z.string(),
  devices: z.array(DeviceSchema),
  driver: DriverInfoSchema,
  health: HealthSchema,
  hazards: z.array(HazardSchema),
  probe: ProbeStatusSchema,
  notices: z.array(NoticeSchema),
  demo: z.object({ scenario: DemoScenarioSchema }).nullable(),
  /** Idle sleep, keep-awake and the sleep warning; absent where the power features are unsupported. */
  power: AppPowerSchema.optional(),
  /** The last compute check of this device and its measured link rate; absent until the doctor ran. */
  doctor: z
    .object({
      check: ComputeCheckRecordSchema.nullable(),
      measured: CopyRatesSchema.extend({ at: z.number(), deviceKey: z.string() }).nullable(),
    })
    .optional(),
});
export type AppDoctor = NonNullable<z.infer<typeof AppStateSchema>['doctor']>;
export type AppState = z.infer<typeof AppStateSchema>;

export const MonitorEventKindSchema = z.enum([
  'device-connected',
  'device-lost',
  'device-changed',
  'link-degraded',
  'link-restored',
  'driver-state-changed',
  'probe-failing',
  'probe-recovered',
  'hot-plug',
  'woke',
  'sleep-soon',
  'note',
]);
export type MonitorEventKind = z.infer<typeof MonitorEventKindSchema>;

export const MonitorEventSchema = z.object({
  at: z.number(),
  kind: MonitorEventKindSchema,
  severity: SeveritySchema,
  message: z.string(),
  deviceKey: z.string().nullable(),
});
export type MonitorEvent = z.infer<typeof MonitorEventSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'web', 'direct']),
  demo: z.boolean(),
  platform: z.string(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
