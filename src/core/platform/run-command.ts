// Runs one external command the safe way: an argument array (no shell), a timeout, an output cap,
// and a guarantee that the child (and its process group) is gone when the promise settles.
import { spawn } from 'node:child_process';
import type { ProbeError } from '../api/schemas';

export interface RunOptions {
  argv: readonly string[];
  timeoutMs: number;
  maxOutputBytes: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Label used in error messages ("tinygpu list"). */
  label?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** null when the command ran to completion (whatever its exit code). */
  error: ProbeError | null;
}

const KILL_GRACE_MS = 300;

/** Children still running; tests and shutdown use this to prove nothing is left behind. */
const liveChildren = new Set<number>();
export function liveChildCount(): number {
  return liveChildren.size;
}

export function runCommand(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const [file, ...args] = options.argv;
  const label = options.label ?? options.argv.join(' ');
  if (!file) return Promise.resolve(failed('spawn', 'empty command', started));

  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let error: ProbeError | null = null;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group, so a timeout kills anything the command started too.
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (spawnError) {
      resolve(failed('spawn', `${label}: ${(spawnError as Error).message}`, started));
      return;
    }
    const pid = child.pid;
    if (pid !== undefined) liveChildren.add(pid);

    const kill = (reason: ProbeError) => {
      if (error === null) error = reason;
      signalGroup(child, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
    };

    const timeout = setTimeout(
      () => kill({ source: label, kind: 'timeout', message: `${label} did not answer within ${formatSeconds(options.timeoutMs)}` }),
      options.timeoutMs,
    );

    const collect = (sink: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxOutputBytes) {
        kill({ source: label, kind: 'output-too-large', message: `${label} printed more than ${formatBytes(options.maxOutputBytes)}; stopped it` });
        return;
      }
      sink.push(chunk);
    };
    child.stdout?.on('data', collect(stdout));
    child.stderr?.on('data', collect(stderr));

    child.on('error', (spawnError: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      if (pid !== undefined) liveChildren.delete(pid);
      const kind = spawnError.code === 'ENOENT' ? 'not-found' : 'spawn';
      const message = kind === 'not-found' ? `${file} not found` : `${label}: ${spawnError.message}`;
      resolve(failed(kind, message, started, label));
    });

    child.on('close', (exitCode, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      if (pid !== undefined) liveChildren.delete(pid);
      if (error === null && signal !== null) {
        error = { source: label, kind: 'crashed', message: `${label} crashed (${signal})` };
      }
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode,
        signal,
        durationMs: Date.now() - started,
        error,
      });
    });
  });
}

function signalGroup(child: ReturnType<typeof spawn>, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

function failed(kind: ProbeError['kind'], message: string, started: number, source = 'command'): RunResult {
  return { stdout: '', stderr: '', exitCode: null, signal: null, durationMs: Date.now() - started, error: { source, kind, message } };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${Math.round(n / 1024)} KiB`;
}
