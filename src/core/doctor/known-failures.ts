// The field's known failures, from resources/known-failures.json (validated at import, like the GPU
// support table, so a broken catalogue fails in tests rather than at a user's desk).
import { z } from 'zod';
import data from '../../../resources/known-failures.json';

/** Conditions on probed facts an entry can name; each is decided in failure-facts.ts. */
export const FactConditionSchema = z.enum([
  'intel-mac',
  'pci-3d-controller',
  'driver-matched-not-started',
  'many-driver-processes',
  'amd-device-unknown',
  'card-in-reset-retry',
  'two-gpus',
  'kernel-search-off',
]);
export type FactCondition = z.infer<typeof FactConditionSchema>;

const GpuFactSchema = z.object({ vendorId: z.string().nullable(), deviceId: z.string().nullable(), pciClass: z.string().nullable() });

/** What the doctor probed, as the fact conditions read it; a missing field means "not known". */
export const FailureFactsSchema = z
  .object({
    hostArch: z.string().nullable(),
    gpus: z.array(GpuFactSchema),
    driverProcesses: z.number().int().nonnegative().nullable(),
    dextMatched: z.boolean().nullable(),
    driverBound: z.boolean().nullable(),
    computePassed: z.boolean().nullable(),
    kernelSearch: z.boolean().nullable(),
  })
  .partial()
  .strict();
export type FailureFacts = z.infer<typeof FailureFactsSchema>;

const compiles = (pattern: string): boolean => {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    // This is the validity test itself: a pattern that does not compile answers false.
    return false;
  }
};

const KnownFailureSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1).max(80),
    cause: z.string().min(1),
    next: z.array(z.string().min(1)).min(1),
    evidence: z.enum(['known', 'reported']),
    /** Advice, not a failure: shown beside a passing check, never turns the verdict to broken. */
    advice: z.boolean().default(false),
    match: z
      .object({
        output: z.array(z.string().min(1).refine(compiles, 'a regular expression that compiles')).min(1).optional(),
        facts: FactConditionSchema.optional(),
      })
      .strict()
      .refine((m) => m.output !== undefined || m.facts !== undefined, 'match needs output patterns or a fact condition'),
    sources: z
      .array(z.object({ label: z.string().min(1), url: z.string().regex(/^https:\/\/github\.com\/tinygrad\/tinygrad\/(issues|pull)\/\d+$/) }))
      .min(1),
    example: z.union([z.object({ output: z.string().min(1) }).strict(), z.object({ facts: FailureFactsSchema }).strict()]),
  })
  .strict();
export type KnownFailure = z.infer<typeof KnownFailureSchema>;

export const KnownFailureCatalogueSchema = z
  .object({ about: z.string(), entries: z.array(KnownFailureSchema).min(1) })
  .strict()
  .refine((c) => new Set(c.entries.map((e) => e.id)).size === c.entries.length, 'entry ids must be unique');

export type KnownFailureCatalogue = z.infer<typeof KnownFailureCatalogueSchema>;

/** Validates a catalogue document; throws with zod's message when it is not one. */
export function loadKnownFailures(raw: unknown): KnownFailure[] {
  return KnownFailureCatalogueSchema.parse(raw).entries;
}

/** The bundled catalogue. */
export const KNOWN_FAILURES: readonly KnownFailure[] = loadKnownFailures(data);
