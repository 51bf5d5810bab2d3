// A fake `python3` in a temp folder for tinygrad tests: it runs test/servers/fake-tinygrad-python.mjs
// (copied into the folder, so every process it starts can be counted by that path), or prints what
// a real python3 prints when tinygrad is not installed. HOME for the run is a temp folder too.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'servers', 'fake-tinygrad-python.mjs');

export interface FakePython {
  /** Holds `python3` and nothing else: put it alone on PATH to find it there. */
  binDir: string;
  python: string;
  home: string;
  /** Processes still running from this folder (the fake and anything it started). */
  processCount(): number;
  /** How many times it was asked whether tinygrad is installed (`python3 -c …`). */
  readinessChecks(): number;
  remove(): void;
}

export interface FakePythonOptions {
  /** Steady milliseconds per token (28.4 by default: about 35 tok/s at 523 GB/s). */
  tokenMs?: number;
  /** Real milliseconds between benchmark lines. */
  lineDelayMs?: number;
  /** This model alone runs at about 6.7 tok/s, as if the GPU backend were not active. */
  slowModel?: string;
  /** The server of this model dies while loading, with a Python traceback. */
  failModel?: string;
  /** Milliseconds the server spends loading before its port opens. */
  loadMs?: number;
  /** Behave like a python3 without tinygrad. */
  tinygradMissing?: boolean;
  /** Ignore Ctrl-C (SIGINT) and SIGTERM, as a tinygrad busy in a GPU call may. */
  ignoresSignals?: boolean;
  /** While loading, print only a download's \r progress bar, never a whole line. */
  progressBarOnly?: boolean;
}

export function makeFakePython(options: FakePythonOptions = {}): FakePython {
  const root = mkdtempSync(path.join(os.tmpdir(), 'egpu-fake-python-'));
  const binDir = path.join(root, 'bin');
  const home = path.join(root, 'home');
  mkdirSync(binDir);
  mkdirSync(home);
  const script = path.join(root, 'tinygrad-fake.mjs');
  copyFileSync(FAKE, script);
  const python = path.join(binDir, 'python3');
  const env = [
    options.tokenMs === undefined ? '' : `export FAKE_TINYGRAD_TOKEN_MS=${options.tokenMs}\n`,
    options.lineDelayMs === undefined ? '' : `export FAKE_TINYGRAD_LINE_DELAY_MS=${options.lineDelayMs}\n`,
    options.slowModel === undefined ? '' : `export FAKE_TINYGRAD_SLOW_MODEL='${options.slowModel}'\n`,
    options.failModel === undefined ? '' : `export FAKE_TINYGRAD_FAIL_MODEL='${options.failModel}'\n`,
    options.loadMs === undefined ? '' : `export FAKE_TINYGRAD_LOAD_MS=${options.loadMs}\n`,
    options.ignoresSignals ? 'export FAKE_TINYGRAD_IGNORE_SIGNALS=1\n' : '',
    options.progressBarOnly ? 'export FAKE_TINYGRAD_PROGRESS_BAR_ONLY=1\n' : '',
  ].join('');
  const checks = path.join(root, 'readiness-checks');
  const countCheck = `if [ "$1" = "-c" ]; then echo >> '${checks}'; fi\n`;
  const body = options.tinygradMissing
    ? `echo "$0: Error while finding module specification for 'tinygrad.llm' (ModuleNotFoundError: No module named 'tinygrad')" >&2\nexit 1\n`
    : `${env}exec '${process.execPath}' '${script}' "$@"\n`;
  writeFileSync(python, `#!/bin/sh\n${countCheck}${body}`, { mode: 0o755 });
  return {
    binDir,
    python,
    home,
    processCount: () => countProcesses(root),
    readinessChecks: () => (existsSync(checks) ? readFileSync(checks, 'utf8').split('\n').length - 1 : 0),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Running processes whose command line names something under `dir`. */
export function countProcesses(dir: string): number {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return out.split('\n').filter((line) => line.includes(dir) && !line.includes('ps -eo')).length;
}
