// Runs the simulator's real executables the way the app does: argv arrays, a timeout, a state
// file named by $EGPU_SIM_STATE in a private temp folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SIM_STATE_ENV, simToolPaths, writeSimState, type SimStateInput, type SimToolKey } from '../../../src/core/sim/sim-control';

export const TOOL_PATHS = simToolPaths();

export interface ToolRun {
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  pid: number | undefined;
}

export interface SimSandbox {
  dir: string;
  stateFile: string;
  setState(state: SimStateInput): Promise<void>;
  run(tool: SimToolKey, args: readonly string[], options?: { timeoutMs?: number }): Promise<ToolRun>;
  spawn(tool: SimToolKey, args: readonly string[]): ChildProcess;
  cleanup(): Promise<void>;
}

/** A state file of its own per test file, so tests can run in parallel. */
export async function createSimSandbox(): Promise<SimSandbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'egpu-sim-'));
  const stateFile = path.join(dir, 'sim-state.json');
  const env = { ...process.env, [SIM_STATE_ENV]: stateFile };
  return {
    dir,
    stateFile,
    async setState(state) {
      await writeSimState(stateFile, state);
    },
    run: (tool, args, options) => runTool(TOOL_PATHS[tool], args, env, options?.timeoutMs),
    spawn: (tool, args) => spawn(TOOL_PATHS[tool], [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs an executable to completion (or until the timeout kills it with SIGTERM). */
export function runTool(
  executable: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [...args], { env, timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const stdoutBytes = Buffer.concat(stdout);
      resolve({
        stdout: stdoutBytes.toString('utf8'),
        stdoutBytes,
        stderr: Buffer.concat(stderr).toString('utf8'),
        code,
        signal,
        pid: child.pid,
      });
    });
  });
}

export interface OutputWatch {
  /** Everything the child printed on stdout so far. */
  text(): string;
  /** Resolves once stdout contains `expected` (rejects if the child exits first). */
  waitFor(expected: string): Promise<void>;
}

/** Collects a running child's stdout so a test can wait for lines in order. */
export function watchOutput(child: ChildProcess): OutputWatch {
  let seen = '';
  let exited = false;
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    seen += chunk.toString('utf8');
    for (const check of waiters) check();
  });
  child.once('close', () => {
    exited = true;
    for (const check of waiters) check();
  });
  return {
    text: () => seen,
    waitFor: (expected) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (seen.includes(expected)) {
            waiters.delete(check);
            resolve();
          } else if (exited) {
            waiters.delete(check);
            reject(new Error(`exited before printing ${JSON.stringify(expected)}; printed ${JSON.stringify(seen)}`));
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Kills a child we started and waits until it is gone. */
export function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill(signal);
  });
}

/** true while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
