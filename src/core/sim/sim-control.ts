// Typed control of the device simulator in resources/sim: where its executables are and how to
// flip the scenario they act out. The simulator re-reads the state file on every run, so a
// write here changes the very next probe. Kept in step with resources/sim/lib/state.mjs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DemoScenarioSchema, type DemoScenario } from '../api/schemas';
import { readFileIfExists, writeFileAtomic } from '../store/atomic-file';

/** The environment variable the simulated tools read the state file's path from. */
export const SIM_STATE_ENV = 'EGPU_SIM_STATE';

/** Every demo scenario, plus `flood` (endless output), which only tests need. */
export const SimScenarioSchema = z.enum([...DemoScenarioSchema.options, 'flood']);
export type SimScenario = z.infer<typeof SimScenarioSchema>;

/** The demo scenario a state acts out; null for `flood`, which the demo UI does not offer. */
export function toDemoScenario(scenario: SimScenario): DemoScenario | null {
  const parsed = DemoScenarioSchema.safeParse(scenario);
  return parsed.success ? parsed.data : null;
}

export const SimGpuSchema = z.enum(['rtx4090', 'rtx3090', 'rtx5090', 'rx7900xtx', 'rtx2080']);
export type SimGpu = z.infer<typeof SimGpuSchema>;

export const SimStateSchema = z.object({
  scenario: SimScenarioSchema,
  gpu: SimGpuSchema.default('rtx4090'),
  /** VRAM in use as nvidia-smi reports it; default 5632 while tinygrad computes, else 0. */
  vramUsedMB: z.number().nonnegative().optional(),
  /** Whether tinygrad and its `TinyGPU server` run; default true when the driver is bound. */
  tinygradRunning: z.boolean().optional(),
  /** `pmset -g` sleep timer in minutes (0 = never); default 10. */
  sleepMinutes: z.number().int().nonnegative().optional(),
  /** User idle time behind ioreg's HIDIdleTime; default about 68 s. */
  idleSeconds: z.number().nonnegative().optional(),
  /** `caffeinate` holds PreventUserIdleSystemSleep in `pmset -g assertions`; default false. */
  caffeinate: z.boolean().optional(),
});
export type SimState = z.output<typeof SimStateSchema>;
export type SimStateInput = z.input<typeof SimStateSchema>;

export const DEFAULT_SIM_STATE: SimState = { scenario: 'connected', gpu: 'rtx4090' };

/** The state file exists but is not a valid simulator state. */
export class SimStateError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Simulator state file ${file} is not usable: ${reason}`);
    this.name = 'SimStateError';
  }
}

/** Reads the state file; a missing file means the default (`connected`, RTX 4090). */
export async function readSimState(file: string): Promise<SimState> {
  const text = await readFileIfExists(file);
  if (text === null) return { ...DEFAULT_SIM_STATE };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SimStateError(file, error instanceof Error ? error.message : String(error));
  }
  const parsed = SimStateSchema.safeParse(value);
  if (!parsed.success) throw new SimStateError(file, z.prettifyError(parsed.error));
  return parsed.data;
}

/** Validates and writes the whole state atomically; returns what was written. */
export async function writeSimState(file: string, state: SimStateInput): Promise<SimState> {
  const valid = SimStateSchema.parse(state);
  // 0o644: the simulated tools may run as another user in packaged demos.
  await writeFileAtomic(file, `${JSON.stringify(valid, null, 2)}\n`, 0o644);
  return valid;
}

/** Changes some fields and keeps the rest; an unusable file is replaced rather than kept. */
export async function updateSimState(file: string, patch: Partial<SimStateInput>): Promise<SimState> {
  let current: SimState;
  try {
    current = await readSimState(file);
  } catch (error) {
    if (!(error instanceof SimStateError)) throw error;
    current = { ...DEFAULT_SIM_STATE };
  }
  return writeSimState(file, { ...current, ...patch });
}

const PACKAGE_NAME = 'egpu-companion';

/**
 * The repository (or installed package) root: the nearest folder above `from` whose
 * package.json is ours. Walks up from the running file, so it works from src/ under the test
 * runner and from a bundle in out/main alike.
 */
export function findPackageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(from);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No ${PACKAGE_NAME} package.json found above ${from}`);
    dir = parent;
  }
}

function readPackageName(manifest: string): string | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string') {
      return parsed.name;
    }
  } catch {
    // An unreadable package.json is not ours; keep walking up.
  }
  return null;
}

/** Absolute path of resources/sim/bin. */
export function simBinDir(from?: string): string {
  return path.join(findPackageRoot(from), 'resources', 'sim', 'bin');
}

/**
 * Each probe path setting (keys as in ProbePathsSchema, plus pmset) → the simulator executable
 * under resources/sim/bin. TinyGPU sits in its own folder so it cannot clash with `tinygpu` on
 * a case-insensitive file system (a Mac's default); not an .app folder, which packaging tools
 * would try to sign as a bundle.
 */
export const SIM_TOOLS = {
  tinygpu: 'tinygpu',
  tinygpuApp: 'app/TinyGPU',
  systemextensionsctl: 'systemextensionsctl',
  systemProfiler: 'system_profiler',
  ioreg: 'ioreg',
  ps: 'ps',
  nvidiaSmi: 'nvidia-smi',
  pmset: 'pmset',
} as const;
export type SimToolKey = keyof typeof SIM_TOOLS;

/** Absolute paths of every simulated tool, ready to drop into the probe path settings. */
export function simToolPaths(binDir: string = simBinDir()): Record<SimToolKey, string> {
  const entries = Object.entries(SIM_TOOLS).map(([key, relative]) => [key, path.join(binDir, relative)]);
  return Object.fromEntries(entries) as Record<SimToolKey, string>;
}
