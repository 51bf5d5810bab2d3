// The shape of a setup recipe file (resources/recipes/*.json). Recipes are data: the commands in
// them come only from these bundled files, never from the UI, so a `shell` script is allowed here.
import { z } from 'zod';

/** Same id rule as the API contract, so every recipe/step id can be named in a command. */
export const RecipeIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-"');

const MAX_TIMEOUT_SEC = 4 * 60 * 60;

/** argv runs as-is; shell is a fixed script run by the user's login shell. */
export type Command = { argv: string[] } | { shell: string };

const commandFields = {
  argv: z.array(z.string().min(1)).min(1).optional(),
  shell: z.string().min(1).optional(),
};

function requireExactlyOneCommand(value: { argv?: string[]; shell?: string }, ctx: z.RefinementCtx): void {
  if ((value.argv === undefined) === (value.shell === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give exactly one of "argv" or "shell"' });
  }
}

function toCommand(value: { argv?: string[]; shell?: string }): Command {
  return value.argv !== undefined ? { argv: value.argv } : { shell: value.shell ?? '' };
}

const RegexSource = z.string().min(1).refine(isValidRegex, 'not a valid regular expression');

/** What a run command's result can mean besides plain success or failure (a closed set). */
export const OutcomeMeaningSchema = z.enum(['needs-approval']);
export type OutcomeMeaning = z.infer<typeof OutcomeMeaningSchema>;

/** A run command with what its non-zero exits mean, e.g. TinyGPU install's 4 = "User approval required!". */
export type RunCommand = Command & {
  exitCodes?: Partial<Record<string, OutcomeMeaning>>;
  /** Checked in order against the output of a command that exited non-zero (its wrapper may hide the code). */
  outputMeans?: { matches: string; meaning: OutcomeMeaning }[];
};

export const CommandSchema = z
  .object(commandFields)
  .strict()
  .superRefine(requireExactlyOneCommand)
  .transform(toCommand);


export const RunCommandSchema = z
  .object({
    ...commandFields,
    exitCodes: z
      .record(z.string().regex(/^([1-9]\d?|1\d\d|2[0-4]\d|25[0-5])$/, 'exit codes are 1 to 255'), OutcomeMeaningSchema)
      .optional(),
    outputMeans: z
      .array(z.object({ matches: RegexSource, meaning: OutcomeMeaningSchema }).strict())
      .max(20)
      .optional(),
  })
  .strict()
  .superRefine(requireExactlyOneCommand)
  .transform((value): RunCommand => {
    const command: RunCommand = toCommand(value);
    if (value.exitCodes) command.exitCodes = value.exitCodes;
    if (value.outputMeans) command.outputMeans = value.outputMeans;
    return command;
  });

/** The recipe's meaning for a non-zero exit: by exit code first, then by the output's patterns. */
export function meaningOf(command: RunCommand, exitCode: number, output: string): OutcomeMeaning | null {
  const byCode = command.exitCodes?.[String(exitCode)];
  if (byCode) return byCode;
  for (const rule of command.outputMeans ?? []) {
    if (compileStdoutPattern(rule.matches).test(output)) return rule.meaning;
  }
  return null;
}

export const ProbeExpectSchema = z
  .object({
    /** Defaults to 0. */
    exitCode: z.number().int().min(0).max(255).optional(),
    /** A regular expression (multiline) that stdout must match. */
    stdoutMatches: RegexSource.optional(),
  })
  .strict();
export type ProbeExpect = z.infer<typeof ProbeExpectSchema>;

export const ProbeSchema = z
  .object({
    ...commandFields,
    expect: ProbeExpectSchema,
    timeoutSec: z.number().positive().max(MAX_TIMEOUT_SEC).optional(),
  })
  .strict()
  .superRefine(requireExactlyOneCommand)
  .transform((value): Probe => {
    const probe: Probe = { ...toCommand(value), expect: value.expect };
    if (value.timeoutSec !== undefined) probe.timeoutSec = value.timeoutSec;
    return probe;
  });

/** A command whose result says whether a step is done; timeoutSec defaults to 30. */
export type Probe = Command & { expect: ProbeExpect; timeoutSec?: number };

const SettingsUrl = z
  .string()
  .refine(
    (url) => url.startsWith('x-apple.systempreferences:') || /^https:\/\/[^\s]+$/.test(url),
    'must be an x-apple.systempreferences: or https:// URL',
  );

export const StepRequirementsSchema = z
  .object({
    appleSilicon: z.boolean().optional(),
    minMacos: z.string().regex(/^\d+(\.\d+){0,2}$/, 'expected a version such as "13" or "13.0"').optional(),
    freeDiskGB: z.number().positive().optional(),
    ramGB: z.number().positive().optional(),
    gpuVendor: z.enum(['nvidia', 'amd']).optional(),
  })
  .strict();
export type StepRequirements = z.infer<typeof StepRequirementsSchema>;

export const StepSchema = z
  .object({
    id: RecipeIdSchema,
    title: z.string().min(1),
    /** One paragraph: what the step does and why the setup needs it. */
    why: z.string().min(1),
    estimatedMinutes: z.number().nonnegative(),
    requires: StepRequirementsSchema.optional(),
    /** Detects work that is already done; passing marks the step done without running it. */
    check: ProbeSchema.optional(),
    run: z
      .object({
        commands: z.array(RunCommandSchema).min(1),
        timeoutSec: z.number().positive().max(MAX_TIMEOUT_SEC),
      })
      .strict()
      .optional(),
    /** Runs after `run` exits (whatever its code) and on "Done, check again"; decides done or failed. */
    verify: ProbeSchema.optional(),
    manual: z
      .object({
        instructions: z.string().min(1),
        openUrl: SettingsUrl.optional(),
        openLabel: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    restartRequired: z.boolean().optional(),
    /** A run that means "needs approval" waits for it only when the driver's own state says so (driver-truth.ts). */
    approvalFromDriver: z.boolean().optional(),
    /** These probes pass when the driver's state, read as the popover reads it, is ready. */
    driverReady: z.array(z.enum(['check', 'verify'])).optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    if (!step.run && !step.manual) ctx.addIssue({ code: 'custom', message: 'a step needs "run" or "manual"' });
  });
export type Step = z.infer<typeof StepSchema>;

export const RecipeSchema = z
  .object({
    id: RecipeIdSchema,
    title: z.string().min(1),
    description: z.string().min(1),
    vendor: z.enum(['nvidia', 'amd', 'any']),
    steps: z.array(StepSchema).min(1),
  })
  .strict()
  .superRefine((recipe, ctx) => {
    const seen = new Set<string>();
    recipe.steps.forEach((step, index) => {
      if (seen.has(step.id)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `duplicate step id "${step.id}"` });
      }
      seen.add(step.id);
    });
  });
export type Recipe = z.infer<typeof RecipeSchema>;

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'm');
    return true;
  } catch {
    return false;
  }
}

/** Compiles a probe's stdout pattern; the schema already rejected invalid ones. */
export function compileStdoutPattern(source: string): RegExp {
  return new RegExp(source, 'm');
}
