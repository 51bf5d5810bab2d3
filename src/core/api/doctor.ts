// The eGPU doctor's part of the contract: the checks, the verdict, the matched failure and the
// measured link rate. The UI sends a closed-set vendor and a flag, never a path or a command.
import { z } from 'zod';

const Ok = z.object({ ok: z.literal(true) });

/** The checks, in the order they run. */
export const DoctorCheckIdSchema = z.enum(['mac', 'driver', 'card', 'attached', 'leftovers', 'toolchain', 'compute']);
export type DoctorCheckId = z.infer<typeof DoctorCheckIdSchema>;

export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail', 'skip']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** tinygrad's device names for the two vendors TinyGPU drives. */
export const ComputeDeviceSchema = z.enum(['NV', 'AMD']);
export type ComputeDevice = z.infer<typeof ComputeDeviceSchema>;

export const DoctorCheckSchema = z.object({
  id: DoctorCheckIdSchema,
  status: CheckStatusSchema,
  title: z.string(),
  /** One line: what the check found. */
  detail: z.string(),
  /** One next step, or null when there is nothing to do. */
  next: z.string().nullable(),
  /** What the check read (rows, ids, versions, output lines), for the report and the view. */
  evidence: z.array(z.string()),
});
export type DoctorCheck = z.infer<typeof DoctorCheckSchema>;

export const DoctorFailureSchema = z.object({
  /** A known-failure id, or "unknown". */
  id: z.string(),
  title: z.string(),
  next: z.string(),
  /** The public thread it comes from; null for an unknown failure. */
  source: z.string().nullable(),
  cause: z.string().nullable(),
});
export type DoctorFailure = z.infer<typeof DoctorFailureSchema>;

export const CopyRatesSchema = z.object({ hostToDeviceGBps: z.number().nonnegative(), deviceToHostGBps: z.number().nonnegative() });
export type CopyRates = z.infer<typeof CopyRatesSchema>;

export const DoctorVerdictSchema = z.enum(['works', 'broken', 'unknown']);
export type DoctorVerdict = z.infer<typeof DoctorVerdictSchema>;

export const DoctorResultSchema = z.object({
  at: z.number(),
  verdict: DoctorVerdictSchema,
  checks: z.array(DoctorCheckSchema),
  failure: DoctorFailureSchema.nullable(),
  copy: CopyRatesSchema.nullable(),
  /** Seconds from the start of the compute check to tinygrad's first result. */
  firstKernelSec: z.number().nonnegative().nullable(),
  /** The card the checks looked at ("0x10de:0x2684"), or null when none was seen. */
  deviceKey: z.string().nullable(),
  deviceName: z.string().nullable(),
  /** Advice from the catalogue that does not make the eGPU broken (kernel search, …). */
  advice: z.array(z.string()),
});
export type DoctorResult = z.infer<typeof DoctorResultSchema>;

/** The last compute check, as `status --json` and the app state carry it. */
export const ComputeCheckRecordSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  failureId: z.string().nullable(),
  failureTitle: z.string().nullable(),
  deviceKey: z.string().nullable(),
  /** The card's name as macOS lists it, to recognise it where a source gives no PCI ids. */
  deviceName: z.string().nullable().default(null),
});
export type ComputeCheckRecord = z.infer<typeof ComputeCheckRecordSchema>;

export const DoctorStatusSchema = z.object({
  /** A run is under way; `checks` fills in as each one finishes. */
  running: z.boolean(),
  computeRunning: z.boolean(),
  checks: z.array(DoctorCheckSchema),
  last: DoctorResultSchema.nullable(),
  lastCompute: ComputeCheckRecordSchema.nullable(),
  /** The bound of the compute check, from the settings. */
  computeTimeoutSec: z.number().positive(),
});
export type DoctorStatus = z.infer<typeof DoctorStatusSchema>;

export const DoctorReportSchema = z.object({
  /** Markdown, already redacted. */
  markdown: z.string(),
  /** The tracker's new-issue address with a title only; the user pastes the report. */
  issueUrl: z.string(),
});

export const doctorCommands = {
  /** The doctor's state as last known; no I/O. */
  getDoctor: { input: z.object({}).strict(), output: DoctorStatusSchema },
  /** Runs the checks; `compute` adds tinygrad's own check. `device` is used only when no card is seen. */
  runDoctor: {
    input: z.object({ compute: z.boolean().default(false), device: ComputeDeviceSchema.optional() }).strict(),
    output: DoctorResultSchema,
  },
  /** Stops a running compute check (its whole process group). */
  cancelDoctor: { input: z.object({}).strict(), output: Ok },
  /** The issue-ready report of the last run, redacted. */
  getDoctorReport: { input: z.object({}).strict(), output: DoctorReportSchema },
} as const;

export const doctorEvents = {
  /** Pushed as each check finishes and when a run ends. */
  doctorStatus: DoctorStatusSchema,
} as const;

/** The settings section: the compute check's bound. */
export const DoctorSettingsSchema = z.object({
  computeTimeoutSec: z.number().int().min(5).max(1800).default(120),
});
export type DoctorSettings = z.infer<typeof DoctorSettingsSchema>;
