// The power contract: what the UI and `status --json` see of idle sleep, keep-awake and the
// sleep warning. Zod only — the renderer imports this file.
import { z } from 'zod';

export const KeepAwakeModeSchema = z.enum(['off', 'while-attached', 'while-in-use', 'until']);
export type KeepAwakeMode = z.infer<typeof KeepAwakeModeSchema>;

/** The modes that may be stored in settings; "for a set time" is a choice for now, not a preference. */
export const PersistedKeepAwakeModeSchema = z.enum(['off', 'while-attached', 'while-in-use']);
export type PersistedKeepAwakeMode = z.infer<typeof PersistedKeepAwakeModeSchema>;

export const KeepAwakeStatusSchema = z.object({
  mode: KeepAwakeModeSchema,
  /** Epoch ms when mode is "until"; null otherwise. */
  until: z.number().nullable(),
  /** A holder (power-save blocker or caffeinate) is active right now. */
  holding: z.boolean(),
});
export type KeepAwakeStatus = z.infer<typeof KeepAwakeStatusSchema>;

export const PowerStatusSchema = z.object({
  /** false where the power commands do not exist (Linux): the power features hide themselves. */
  supported: z.boolean(),
  sleepTimerMin: z.number().nonnegative().nullable(),
  idleSec: z.number().nonnegative().nullable(),
  /** null = no idle sleep is coming (prevented, disabled, timer 0) or it is not known. */
  secondsToSleep: z.number().nonnegative().nullable(),
  /** Processes holding the Mac awake ("caffeinate", "Music"), plus "SleepDisabled" when set. */
  preventedBy: z.array(z.string()),
  onBattery: z.boolean().nullable(),
  keepAwake: KeepAwakeStatusSchema,
});
export type PowerStatus = z.infer<typeof PowerStatusSchema>;

/** What the app state carries: the status, the "Sleep prevented by …" line and when it was read. */
export const AppPowerSchema = PowerStatusSchema.extend({
  preventedLine: z.string().nullable(),
  /** Epoch ms of this reading: the popover counts `secondsToSleep` down locally from here. */
  at: z.number(),
  /** The sleep-soon warning is showing (the countdown belongs in the popover and tray title). */
  warning: z.boolean(),
});
export type AppPower = z.infer<typeof AppPowerSchema>;

export const PowerSettingsSchema = z.object({
  /** Warn this many seconds before idle sleep. */
  leadTimeSec: z.number().int().min(10).max(600).default(60),
  keepAwake: PersistedKeepAwakeModeSchema.default('off'),
  /** Send a notification (not only the popover hazard) before sleep. */
  notifySleepSoon: z.boolean().default(true),
});
export type PowerSettings = z.infer<typeof PowerSettingsSchema>;

export const SLEEP_SOON_HAZARD_ID = 'sleep-soon';
export const ON_BATTERY_HAZARD_ID = 'power-on-battery';

export const SleepNotificationActionIdSchema = z.enum(['keep-awake-while-attached', 'keep-awake-1h', 'let-it-sleep']);
export type SleepNotificationActionId = z.infer<typeof SleepNotificationActionIdSchema>;

export const SleepNotificationSchema = z.object({
  id: z.literal(SLEEP_SOON_HAZARD_ID),
  title: z.string(),
  body: z.string(),
  secondsToSleep: z.number().nonnegative(),
  actions: z.array(z.object({ id: SleepNotificationActionIdSchema, label: z.string() })),
});
export type SleepNotification = z.infer<typeof SleepNotificationSchema>;

export const UnplugHolderSchema = z.object({
  pid: z.number().int().nullable(),
  /** What a person recognises: "python3", "TinyGPU server". */
  name: z.string(),
  command: z.string().nullable(),
  /** The app started it, so it may offer to stop it. */
  ownedByApp: z.boolean(),
});
export type UnplugHolder = z.infer<typeof UnplugHolderSchema>;

export const UnplugStatusSchema = z.object({
  /** The list is being read (or has never been read). */
  checking: z.boolean(),
  holders: z.array(UnplugHolderSchema),
  safeToUnplug: z.boolean(),
  /** One line for the popover: "Safe to unplug" / "In use by python3 (pid 4242)". */
  message: z.string(),
  /** When the user last reached "safe to unplug"; the monitor turns a following hot-plug into info. */
  preparedAt: z.number().nullable(),
});
export type UnplugStatus = z.infer<typeof UnplugStatusSchema>;
