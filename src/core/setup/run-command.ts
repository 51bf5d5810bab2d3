// Runs one short command without a terminal: argv array, timeout, output cap. The child gets its
// own process group so a timeout (or anything it left running) can be killed as a whole.
import { spawn } from 'node:child_process';

export interface RunCommandOptions {
  timeoutMs: number;
  maxOutputBytes?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the command's whole process group at once. */
  signal?: AbortSignal;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Spawn failure (command not found, bad cwd), in one line. */
  error: string | null;
  truncated: boolean;
}

const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
const KILL_GRACE_MS = 1000;

export function runCommand(file: string, args: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((resolve) => {
    const stdout = new CappedBuffer(maxBytes);
    const stderr = new CappedBuffer(maxBytes);
    let timedOut = false;
    let spawnError: string | null = null;
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    let forceKill: NodeJS.Timeout | undefined;

    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let exited = false;
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid !== undefined) signalProcessGroup(child.pid, signal, !exited);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      forceKill = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, options.timeoutMs);

    const onAbort = () => killGroup('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('exit', (code, signal) => {
      exited = true;
      exit = { code, signal };
      // Whatever the command left behind in its group would otherwise hold the pipes open.
      killGroup('SIGKILL');
    });
    child.on('close', () => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        stdout: stdout.text(),
        stderr: stderr.text(),
        exitCode: spawnError ? null : exit.code,
        signal: exit.signal,
        timedOut,
        error: spawnError,
        truncated: stdout.truncated || stderr.truncated,
      });
    });
  });
}

/**
 * Signals every process in the group led by `pid`. While the leader has not been reaped, pass
 * `alsoLeader` so a kill right after spawn (before it made itself a group leader) still lands.
 * Whatever is already gone is fine.
 */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals, alsoLeader = false): void {
  for (const target of alsoLeader ? [-pid, pid] : [-pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // ESRCH: nothing left to signal.
    }
  }
}

class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    const room = this.maxBytes - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept !== chunk) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
