// The guided-setup part of the contract. The UI only ever sends recipe and step ids, keystrokes,
// sizes and acknowledgements: never command text.
import { z } from 'zod';

/** Largest single setupInput; a bigger paste is sent in pieces. */
export const MAX_INPUT_CHARS = 65_536;
/**
 * Largest single setupAck a terminal should send. The core resumes a paused command once fewer than
 * this many characters are unacknowledged, so a larger ack step could leave it paused for good.
 */
export const MAX_ACK_CHARS = 5_000;
/** Upper bound of one setupAck the core accepts at all. */
export const MAX_ACK_ACCEPTED_CHARS = 100_000_000;
/** Terminal columns and rows the core accepts (setupRunStep, setupResize). */
export const TERMINAL_SIZE_LIMITS = Object.freeze({ min: 1, max: 1000 });

const Id = z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9._-]*$/);
const Ok = z.object({ ok: z.literal(true) });

/** waiting-approval: the work is done but macOS waits for the user to allow it (the wizard moves on). */
export const StepStatusSchema = z.enum(['pending', 'running', 'done', 'skipped', 'failed', 'waiting-approval']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

export const StepViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  why: z.string(),
  estimatedMinutes: z.number().nonnegative(),
  /** Human-readable requirement lines ("Apple Silicon", "macOS 13 or later", ...). */
  requirements: z.array(z.string()),
  /** The commands `run` will execute, shown to the user and copyable. */
  commands: z.array(z.string()),
  hasCheck: z.boolean(),
  hasVerify: z.boolean(),
  manual: z
    .object({
      instructions: z.string(),
      openUrl: z.string().nullable(),
      openLabel: z.string().nullable(),
    })
    .nullable(),
  restartRequired: z.boolean(),
});
export type StepView = z.infer<typeof StepViewSchema>;

export const RecipeViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  vendor: z.enum(['nvidia', 'amd', 'any']),
  steps: z.array(StepViewSchema),
});
export type RecipeView = z.infer<typeof RecipeViewSchema>;

export const PreflightCheckSchema = z.object({
  id: z.string(),
  label: z.string(),
  ok: z.boolean().nullable(),
  detail: z.string(),
  /** A failed blocking check stops the wizard from running anything. */
  blocking: z.boolean(),
});
export type PreflightCheck = z.infer<typeof PreflightCheckSchema>;

export const StepProgressSchema = z.object({
  status: StepStatusSchema,
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  exitCode: z.number().nullable(),
  /** Why it failed / was skipped, in one line. */
  reason: z.string().nullable(),
});
export type StepProgress = z.infer<typeof StepProgressSchema>;

export const SetupProgressSchema = z.object({
  recipeId: z.string().nullable(),
  steps: z.record(z.string(), StepProgressSchema),
  /** The first step that is neither done nor skipped. */
  currentStepId: z.string().nullable(),
  /** A restartRequired step finished and the Mac has not restarted since. */
  restartPendingStepId: z.string().nullable(),
  /** The running pty session, if any. */
  activeSession: z.object({ sessionId: z.string(), stepId: z.string() }).nullable(),
});
export type SetupProgress = z.infer<typeof SetupProgressSchema>;

export const SetupOverviewSchema = z.object({
  recipes: z.array(RecipeViewSchema),
  suggestedRecipeId: z.string().nullable(),
  /** Why that recipe was suggested ("NVIDIA GPU detected"). */
  suggestionReason: z.string(),
  preflight: z.array(PreflightCheckSchema),
  /** Recipe files that failed validation: file, step and field, so nothing is half-run. */
  recipeErrors: z.array(z.string()),
  progress: SetupProgressSchema,
});
export type SetupOverview = z.infer<typeof SetupOverviewSchema>;

const StepRef = z.object({ recipeId: Id, stepId: Id }).strict();
const SessionRef = z.object({ sessionId: Id }).strict();
const SizeValue = z.number().int().min(TERMINAL_SIZE_LIMITS.min).max(TERMINAL_SIZE_LIMITS.max);
const Size = { cols: SizeValue, rows: SizeValue };

export const CheckResultSchema = z.object({
  stepId: z.string(),
  passed: z.boolean(),
  detail: z.string(),
  progress: SetupProgressSchema,
});

export const setupCommands = {
  setupOverview: { input: z.object({}).strict(), output: SetupOverviewSchema },
  /** Cheap: progress only, for the popover's badge. */
  setupGetProgress: { input: z.object({}).strict(), output: SetupProgressSchema },
  setupSelectRecipe: { input: z.object({ recipeId: Id }).strict(), output: SetupProgressSchema },
  /** Runs the step's `check`: already done → marked done. */
  setupCheckStep: { input: StepRef, output: CheckResultSchema },
  setupRunStep: {
    input: StepRef.extend(Size).strict(),
    output: z.object({ sessionId: z.string() }),
  },
  setupVerifyStep: { input: StepRef, output: CheckResultSchema },
  setupSkipStep: { input: StepRef, output: SetupProgressSchema },
  /** "Done, check again" after a manual step. */
  setupConfirmManualStep: { input: StepRef, output: CheckResultSchema },
  /** Keystrokes typed into the terminal; never logged. */
  setupInput: { input: SessionRef.extend({ data: z.string().max(MAX_INPUT_CHARS) }).strict(), output: Ok },
  setupResize: { input: SessionRef.extend(Size).strict(), output: Ok },
  /** Flow control: the renderer acknowledges characters it has written to the terminal. */
  setupAck: { input: SessionRef.extend({ chars: z.number().int().min(0).max(MAX_ACK_ACCEPTED_CHARS) }).strict(), output: Ok },
  setupCancel: { input: SessionRef, output: Ok },
  /**
   * A terminal (re)attached to the session (the wizard opened or reloaded): what an earlier terminal
   * never acknowledged is forgotten, so the command is not held paused for it.
   */
  setupAttachTerminal: { input: SessionRef, output: Ok },
  setupReadLog: { input: StepRef, output: z.object({ path: z.string(), text: z.string() }) },
  setupOpenLog: { input: StepRef, output: z.object({ path: z.string(), opened: z.boolean() }) },
} as const;

export const setupEvents = {
  setupOutput: z.object({ sessionId: z.string(), data: z.string() }),
  setupExit: z.object({
    sessionId: z.string(),
    stepId: z.string(),
    exitCode: z.number().nullable(),
    reason: z.string().nullable(),
    /** What the step ended as (done, failed, waiting-approval, ...). */
    status: StepStatusSchema.optional(),
  }),
  setupProgress: SetupProgressSchema,
} as const;
