// Can tinygrad run on this Mac? The python3 from the settings found on the user's PATH (login shell), and tinygrad importable by
// it. Checked only when the UI asks, and remembered: a good answer until a run says otherwise, a bad
// one for a minute, so a menu-bar app that stays open notices a `pip install tinygrad` soon enough.
import { z } from 'zod';
import { runCommand } from '../../platform/run-command';
import { findExecutable } from '../../platform/which';
import type { InstalledTinygrad } from './tinygrad-models';
import { saysTinygradMissing } from './tinygrad-output';

export type TinygradReadiness =
  | { ok: true; python: string; installed: InstalledTinygrad }
  | { ok: false; reason: 'python-missing' | 'tinygrad-missing'; message: string };

export function pythonMissingMessage(python: string): string {
  return `${python} was not found; install Python 3 or set inference.tinygrad.python in settings.json`;
}

export function tinygradMissingMessage(python: string): string {
  return `tinygrad is not installed for ${python} (pip install tinygrad, or set inference.tinygrad.python)`;
}

// find_spec looks the package up without importing it: no GPU is touched, no model loaded. The version
// comes from the package metadata; master (a git checkout) has llm/serve.py, the release does not; the
// model names are read from the installed llm/cli.py as text.
const FIND_TINYGRAD = [
  'import importlib.util, sys, os, re, json',
  "s = importlib.util.find_spec('tinygrad')",
  'if s is None: sys.exit(3)',
  "d = (list(s.submodule_search_locations or []) or [''])[0]",
  'try:\n from importlib.metadata import version\n v = version("tinygrad")\nexcept Exception:\n v = None',
  'try:\n names = re.findall(r\'^\\s*"([\\w.:-]+)"\\s*:\\s*"https://\', open(os.path.join(d, "llm", "cli.py")).read(), re.M)\nexcept Exception:\n names = []',
  'print(json.dumps({"version": v, "master": os.path.exists(os.path.join(d, "llm", "serve.py")), "models": names}))',
].join('\n');
const NOT_FOUND_EXIT = 3;
const CHECK_TIMEOUT_MS = 10_000;
const CHECK_OUTPUT_CAP = 16 * 1024;

/** Looks for python3 and tinygrad. An answer it cannot read (a timeout, an odd exit) does not stand in the user's way. */
export async function checkTinygrad(python: string, env: NodeJS.ProcessEnv = process.env): Promise<TinygradReadiness> {
  const found = await findExecutable(python, env.PATH ?? '');
  if (found === null) return { ok: false, reason: 'python-missing', message: pythonMissingMessage(python) };
  const run = await runCommand({ argv: [found, '-c', FIND_TINYGRAD], timeoutMs: CHECK_TIMEOUT_MS, maxOutputBytes: CHECK_OUTPUT_CAP, env, label: `${python} -c find_spec('tinygrad')` });
  if (run.exitCode === NOT_FOUND_EXIT || (run.exitCode !== 0 && saysTinygradMissing(`${run.stdout}\n${run.stderr}`))) {
    return { ok: false, reason: 'tinygrad-missing', message: tinygradMissingMessage(found) };
  }
  return { ok: true, python: found, installed: parseInstalled(run.stdout) };
}

const InstalledSchema = z.object({ version: z.string().max(40).nullable(), master: z.boolean(), models: z.array(z.string().regex(/^[\w.:-]+$/)).max(200) });

/** The check's JSON line; all unknown when it printed none (an older answer, an odd python). Never throws. */
export function parseInstalled(stdout: string): InstalledTinygrad {
  const unknown: InstalledTinygrad = { version: null, build: null, models: null };
  const line = stdout.trim().split('\n').pop() ?? '';
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return unknown;
  }
  const parsed = InstalledSchema.safeParse(doc);
  if (!parsed.success) return unknown;
  const { version, master, models } = parsed.data;
  return { version, build: master ? 'master' : 'release', models: models.length > 0 ? models : null };
}

const RECHECK_FAILURE_MS = 60_000;

/** The last answer per python setting, re-asked as described above. */
export class TinygradReadinessCache {
  // Keyed on the PATH it was looked up on too: after the wizard changed the shell profile, ask again.
  private last: { python: string; searchPath: string; at: number; readiness: TinygradReadiness } | null = null;
  /** One check at a time: the popover and the speed view may ask together. */
  private checking: { python: string; searchPath: string; answer: Promise<TinygradReadiness> } | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly check: typeof checkTinygrad = checkTinygrad,
  ) {}

  /** The remembered answer for this setting, without checking. */
  current(python: string): TinygradReadiness | null {
    return this.last?.python === python ? this.last.readiness : null;
  }

  async get(python: string, env: NodeJS.ProcessEnv = process.env): Promise<TinygradReadiness> {
    const searchPath = env.PATH ?? '';
    const known = this.last;
    const same = (k: { python: string; searchPath: string } | null): boolean => k?.python === python && k.searchPath === searchPath;
    if (known && same(known) && (known.readiness.ok || this.now() - known.at < RECHECK_FAILURE_MS)) return known.readiness;
    if (this.checking && same(this.checking)) return this.checking.answer;
    const answer = this.check(python, env).then((readiness) => {
      this.last = { python, searchPath, at: this.now(), readiness };
      return readiness;
    });
    const checking = { python, searchPath, answer };
    this.checking = checking;
    try {
      return await answer;
    } finally {
      if (this.checking === checking) this.checking = null;
    }
  }

  /** A run printed that tinygrad is missing: believe it over an older good answer. */
  markMissing(python: string, found: string): void {
    const searchPath = this.last?.python === python ? this.last.searchPath : '';
    this.last = { python, searchPath, at: this.now(), readiness: { ok: false, reason: 'tinygrad-missing', message: tinygradMissingMessage(found) } };
  }
}
