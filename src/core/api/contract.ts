// The one contract between the UI and the core. Every command the UI may call and every event
// it may subscribe to is listed here with zod schemas; Electron IPC, the WebSocket bridge and
// direct calls all carry exactly this. Adding a capability = adding entries here.
import { z } from 'zod';
import {
  AppInfoSchema,
  AppStateSchema,
  DemoScenarioSchema,
  MonitorEventSchema,
} from './schemas';
import { doctorCommands, doctorEvents } from './doctor';
import { inferenceCommands, inferenceEvents } from './inference';
import { KeepAwakeModeSchema, SleepNotificationActionIdSchema, UnplugStatusSchema } from './power';
import { ProbeToolSchema, SettingsPatchSchema, SettingsSchema } from './settings';
import { setupCommands, setupEvents } from './setup';

const NoInput = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const DiagnosticsSchema = z.object({ path: z.string(), text: z.string() });

export const commands = {
  getAppInfo: { input: NoInput, output: AppInfoSchema },
  getState: { input: NoInput, output: AppStateSchema },
  /** Probe now (menu opened, "Refresh" pressed) and return the new state. */
  refresh: { input: NoInput, output: AppStateSchema },
  getSettings: { input: NoInput, output: SettingsSchema },
  updateSettings: { input: SettingsPatchSchema, output: SettingsSchema },
  /**
   * Lets the user pick a probe's executable in a native file chooser run by the main process. The client
   * names the tool only; { chosen: false } when cancelled. Unavailable in web mode (use the CLI).
   */
  chooseProbePath: {
    input: z.object({ tool: ProbeToolSchema }).strict(),
    output: z.object({ chosen: z.boolean(), settings: SettingsSchema }),
  },
  getEventLog: {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    output: z.array(MonitorEventSchema),
  },
  dismissNotice: { input: z.object({ id: z.string().min(1) }).strict(), output: Ok },
  /** Hides a hazard that stays until acknowledged (a hot-plug that already happened). */
  dismissHazard: { input: z.object({ id: z.string().min(1).max(200) }).strict(), output: AppStateSchema },
  /** Opens System Settings panes and documentation; the core only opens allow-listed URLs. */
  openExternal: { input: z.object({ url: z.string().min(1).max(2048) }).strict(), output: z.object({ opened: z.boolean() }) },
  copyDiagnostics: { input: NoInput, output: DiagnosticsSchema },
  /** Opens the setup wizard window; { opened: false } tells the UI to show it itself (web mode). */
  openSetup: { input: NoInput, output: z.object({ opened: z.boolean() }) },
  /** Demo mode only: flip the simulated device. */
  setDemoScenario: { input: z.object({ scenario: DemoScenarioSchema }).strict(), output: AppStateSchema },
  /** Keep the Mac awake: off, while the eGPU is attached, while it is in use, or for `hours` (default 1). */
  setKeepAwake: {
    input: z.object({ mode: KeepAwakeModeSchema, hours: z.number().int().min(1).max(24).optional() }).strict(),
    output: AppStateSchema,
  },
  /** Lists what holds the eGPU; "safe to unplug" only when nothing does. */
  prepareUnplug: { input: NoInput, output: UnplugStatusSchema },
  /** Stops something the app itself started that holds the eGPU (by the pid prepareUnplug listed), then lists again. */
  stopUnplugHolder: { input: z.object({ pid: z.number().int().positive() }).strict(), output: UnplugStatusSchema },
  /** A button of the sleep-soon notification (or its twin in the popover). */
  powerNotificationAction: { input: z.object({ action: SleepNotificationActionIdSchema }).strict(), output: AppStateSchema },
  ...setupCommands,
  ...inferenceCommands,
  ...doctorCommands,
} as const;

export const events = {
  /** The whole app state, sent whenever it changes (and once on subscribe). */
  state: AppStateSchema,
  /** Each new monitor event (device connected, link degraded, ...). */
  monitorEvent: MonitorEventSchema,
  ...setupEvents,
  ...inferenceEvents,
  ...doctorEvents,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandParsedInput<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export type CompanionCommands = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>>;
};

export interface CompanionEvents {
  /** Returns an unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** What the renderer, the CLI and the tests hold: the same shape whatever the transport. */
export type CompanionApi = CompanionCommands & CompanionEvents;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

export const ApiErrorCodeSchema = z.enum(['unknown-command', 'invalid-payload', 'unavailable', 'failed', 'disconnected']);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;
export const ApiErrorPayloadSchema = z.object({ code: ApiErrorCodeSchema, message: z.string() });

/** The one error type every transport surfaces to callers. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const InvokeResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorPayloadSchema }),
]);
export type InvokeResult = z.infer<typeof InvokeResultSchema>;
