// The settings document: one schema with defaults. Every capability adds its own section here;
// bump SETTINGS_VERSION and add a migration in src/core/store/settings-store.ts when a field
// changes meaning or moves.
import { z } from 'zod';
import { DoctorSettingsSchema } from './doctor';
import { ServerKindSchema, type ServerKind } from './inference';
import { PowerSettingsSchema } from './power';
import { SourceSelectionSchema } from './schemas';
import { ServerUrlSchema } from './server-url';

export const SETTINGS_VERSION = 2;

const MiB = 1024 * 1024;

export const ProbePathsSchema = z.object({
  /** Absolute path of the guide's `tinygpu` CLI; null = look it up on PATH. */
  tinygpu: z.string().min(1).nullable().default(null),
  /** The shipping driver app's binary. */
  tinygpuApp: z.string().min(1).default('/Applications/TinyGPU.app/Contents/MacOS/TinyGPU'),
  systemextensionsctl: z.string().min(1).default('/usr/bin/systemextensionsctl'),
  systemProfiler: z.string().min(1).default('/usr/sbin/system_profiler'),
  ioreg: z.string().min(1).default('/usr/sbin/ioreg'),
  ps: z.string().min(1).default('/bin/ps'),
  /** null = look it up on PATH. */
  nvidiaSmi: z.string().min(1).nullable().default(null),
  pmset: z.string().min(1).default('/usr/bin/pmset'),
  lsof: z.string().min(1).default('/usr/sbin/lsof'),
  log: z.string().min(1).default('/usr/bin/log'),
  caffeinate: z.string().min(1).default('/usr/bin/caffeinate'),
});

export const NotificationSettingsSchema = z.object({
  hotPlug: z.boolean().default(true),
  link: z.boolean().default(true),
  driver: z.boolean().default(true),
  probeFailing: z.boolean().default(true),
});

export const MonitorSettingsSchema = z.object({
  pollIntervalSec: z.number().min(0.5).max(60).default(2),
  source: SourceSelectionSchema.default('auto'),
  probeTimeoutMs: z.number().int().min(200).max(60_000).default(3000),
  probeOutputCapBytes: z.number().int().min(1024).max(64 * MiB).default(MiB),
  paths: ProbePathsSchema.default(ProbePathsSchema.parse({})),
  /** Used for VRAM-in-use when the device does not report it. */
  ollamaUrl: ServerUrlSchema.default('http://127.0.0.1:11434'),
});

const ServerIdSchema = z.string().min(1).max(60).regex(/^[a-z0-9][a-z0-9._-]*$/);

/** Where inference servers listen unless their port was changed (each server's own documentation). */
export const DEFAULT_DISCOVERY_PORTS: ReadonlyArray<{ port: number; expect: ServerKind }> = [
  { port: 11434, expect: 'ollama' },
  { port: 8080, expect: 'llamacpp' },
  { port: 1234, expect: 'lmstudio' },
  // vLLM defaults to 8000 too; the replies tell them apart.
  { port: 8000, expect: 'tinygrad' },
];

export const DiscoverySettingsSchema = z.object({
  /** Look for servers on 127.0.0.1 at these ports (on start, when the popover asks, at most once a minute while it shows them). */
  enabled: z.boolean().default(true),
  /** `expect` names the row while nothing answers; a server that answers is named by what it says. */
  ports: z
    .array(z.object({ port: z.number().int().min(1).max(65535), expect: ServerKindSchema }))
    .max(20)
    .default(() => DEFAULT_DISCOVERY_PORTS.map((p) => ({ ...p }))),
});

/** One listener of the metering proxy: a local port that forwards to one server and meters what streams through. */
export const MeteringRouteSettingSchema = z.object({
  /** What the UI switches it on and off by; `proxy-<listen>` when not given. */
  id: ServerIdSchema.optional(),
  listen: z.number().int().min(1024).max(65535),
  /** The server, written with or without its `/v1` base: http:// or https://, no user:password@, at most 200 characters. */
  target: ServerUrlSchema,
});
export type MeteringRouteSetting = z.infer<typeof MeteringRouteSettingSchema>;

/** Ollama's default port plus one: the convention clients are told to use. */
export const DEFAULT_METERING_ROUTE: MeteringRouteSetting = { listen: 11435, target: 'http://127.0.0.1:11434' };

const MeteringRoutesSchema = z
  .array(MeteringRouteSettingSchema)
  .max(20)
  .refine((routes) => new Set(routes.map((r) => r.listen)).size === routes.length, 'two routes listen on the same port')
  .refine((routes) => new Set(routes.map((r) => r.id ?? `proxy-${r.listen}`)).size === routes.length, 'two routes have the same id');

/** Live inference speed. URLs and paths here come from the settings file or the CLI, never from the UI. */
export const InferenceSettingsSchema = z.object({
  proxy: z
    .object({
      /** Start the routes in the settings with the app. */
      autoStart: z.boolean().default(false),
      /** One listener per server; servers the user adds and a running LM Studio get one of their own too (proxy-routes.ts). */
      routes: MeteringRoutesSchema.default(() => [{ ...DEFAULT_METERING_ROUTE }]),
    })
    .default(() => ({ autoStart: false, routes: [{ ...DEFAULT_METERING_ROUTE }] })),
  /** Servers the user added, besides the default local ports. */
  servers: z
    .array(z.object({ id: ServerIdSchema, name: z.string().min(1).max(100), dialect: z.enum(['ollama', 'openai']), url: ServerUrlSchema }))
    .max(20)
    .default([]),
  tinygrad: z
    .object({
      python: z.string().min(1).default('python3'),
      port: z.number().int().min(1024).max(65535).default(8000),
      /** A local GGUF file offered as a model choice. */
      gguf: z.string().min(1).nullable().default(null),
    })
    .default({ python: 'python3', port: 8000, gguf: null }),
  discovery: DiscoverySettingsSchema.default(DiscoverySettingsSchema.parse({})),
  /** Web mode: serve GET /metrics in Prometheus text format. */
  metricsExport: z.boolean().default(false),
  historyLimit: z.number().int().min(10).max(100_000).default(2000),
});

export const SettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  monitor: MonitorSettingsSchema.default(MonitorSettingsSchema.parse({})),
  notifications: NotificationSettingsSchema.default(NotificationSettingsSchema.parse({})),
  power: PowerSettingsSchema.default(PowerSettingsSchema.parse({})),
  launchAtLogin: z.boolean().default(false),
  inference: InferenceSettingsSchema.default(InferenceSettingsSchema.parse({})),
  /** The eGPU doctor: how long the compute check may run before it is stopped. */
  doctor: DoctorSettingsSchema.default(DoctorSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** The inference settings a client may change: closed-set values only, no URL, no path. */
const InferencePatchSchema = z
  .object({
    proxy: z.object({ autoStart: z.boolean().optional() }).strict().optional(),
    metricsExport: z.boolean().optional(),
  })
  .strict();

/** A change to the settings document as the file, the CLI and the main process's chooser may make it. */
export const SettingsDocumentPatchSchema = z
  .object({
    monitor: MonitorSettingsSchema.partial()
      .extend({ paths: ProbePathsSchema.partial().optional() })
      .strict()
      .optional(),
    notifications: NotificationSettingsSchema.partial().strict().optional(),
    power: PowerSettingsSchema.partial().strict().optional(),
    launchAtLogin: z.boolean().optional(),
    inference: InferencePatchSchema.optional(),
    doctor: DoctorSettingsSchema.partial().strict().optional(),
  })
  .strict();
export type SettingsDocumentPatch = z.infer<typeof SettingsDocumentPatchSchema>;

/**
 * What a client (the renderer, a WebSocket) may change in one call: closed-set values only. Executable
 * paths and server URLs are not here — the user sets them in the settings file, with the CLI, or through
 * the main process's native chooser (chooseProbePath), so no page can choose what the core runs or calls.
 */
export const SettingsPatchSchema = z
  .object({
    monitor: MonitorSettingsSchema.pick({ pollIntervalSec: true, source: true, probeTimeoutMs: true, probeOutputCapBytes: true })
      .partial()
      .strict()
      .optional(),
    notifications: NotificationSettingsSchema.partial().strict().optional(),
    launchAtLogin: z.boolean().optional(),
    power: PowerSettingsSchema.partial().strict().optional(),
    inference: InferencePatchSchema.optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** The probe executables a user can point the app at; clients name one, never give its path. */
export const ProbeToolSchema = z.enum(['tinygpu', 'tinygpuApp', 'systemextensionsctl', 'systemProfiler', 'ioreg', 'ps', 'nvidiaSmi']);
export type ProbeTool = z.infer<typeof ProbeToolSchema>;

/** Applies a patch and re-validates the whole document, so a patch can never store an invalid value. */
export function applySettingsPatch(current: Settings, patch: SettingsDocumentPatch): Settings {
  const merged = {
    ...current,
    ...(patch.launchAtLogin === undefined ? {} : { launchAtLogin: patch.launchAtLogin }),
    monitor: {
      ...current.monitor,
      ...stripUndefined(patch.monitor ?? {}),
      paths: { ...current.monitor.paths, ...stripUndefined(patch.monitor?.paths ?? {}) },
    },
    notifications: { ...current.notifications, ...stripUndefined(patch.notifications ?? {}) },
    power: { ...current.power, ...stripUndefined(patch.power ?? {}) },
    inference: {
      ...current.inference,
      ...(patch.inference?.metricsExport === undefined ? {} : { metricsExport: patch.inference.metricsExport }),
      proxy: { ...current.inference.proxy, ...stripUndefined(patch.inference?.proxy ?? {}) },
    },
    doctor: { ...current.doctor, ...stripUndefined(patch.doctor ?? {}) },
  };
  return SettingsSchema.parse(merged);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
