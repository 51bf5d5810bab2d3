// The one way the core runs an external command without a terminal: an argument array (no shell),
// a timeout, an output cap, and the guarantee that the command's whole process group is gone when
// the promise settles. Probes, setup checks, host facts and diagnostics all come through here.
//
// One kill policy, on every path (timeout, output cap, cancel, and a normal exit that left
// something behind): SIGTERM to the group, SIGKILL to the group after KILL_GRACE_MS. After the
// command itself exited, the pipes get PIPE_GRACE_MS to close; a process outside the group that
// still holds them (it escaped with setsid) is not waited for.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ProbeError } from '../api/schemas';
import { nullLogger, type LoggerPort } from './logger';
import { processGroupAlive, signalProcessGroup } from './process-group';

export interface RunOptions {
  argv: readonly string[];
  timeoutMs: number;
  maxOutputBytes: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Label used in error messages ("tinygpu list"). */
  label?: string;
  /**
   * Past the output cap: 'stop' the command (a runaway probe) or 'truncate' — keep the first
   * bytes and let it finish (a setup check whose exit code is what matters). Default 'stop'.
   */
  onOutputCap?: 'stop' | 'truncate';
  /** Aborting stops the command (same kill policy). */
  signal?: AbortSignal;
  logger?: LoggerPort;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** null when the command ran to completion (whatever its exit code) or was cancelled. */
  error: ProbeError | null;
  timedOut: boolean;
  /** Output past the cap was dropped. */
  truncated: boolean;
  /** Stopped through `signal`. */
  aborted: boolean;
}

export const KILL_GRACE_MS = 300;
export const PIPE_GRACE_MS = 200;

/** Process groups still being run or cleaned up; tests and shutdown use this to prove nothing is left. */
const liveGroups = new Set<number>();
export function liveChildCount(): number {
  return liveGroups.size;
}

export function runCommand(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const [file, ...args] = options.argv;
  const label = options.label ?? options.argv.join(' ');
  const logger = options.logger ?? nullLogger;
  if (!file) return Promise.resolve(failed('spawn', 'empty command', started, label));

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so one signal reaches everything the command starts.
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (spawnError) {
      resolve(failed('spawn', `${label}: ${(spawnError as Error).message}`, started, label));
      return;
    }
    const run = new Run(child, options, label, logger, started, resolve);
    run.begin();
  });
}

class Run {
  private readonly output: CappedOutput;
  private readonly pid: number | undefined;
  private error: ProbeError | null = null;
  private timedOut = false;
  private aborted = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stopping = false;
  private groupDone = false;
  private pipesDone = false;
  private settled = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly onAbort = () => {
    this.aborted = true;
    this.stop();
  };

  constructor(
    private readonly child: ChildProcess,
    private readonly options: RunOptions,
    private readonly label: string,
    private readonly logger: LoggerPort,
    private readonly started: number,
    private readonly resolve: (result: RunResult) => void,
  ) {
    this.output = new CappedOutput(options.maxOutputBytes);
    this.pid = child.pid;
  }

  begin(): void {
    const { child, options, label } = this;
    if (this.pid !== undefined) liveGroups.add(this.pid);
    this.later(options.timeoutMs, () => {
      this.timedOut = true;
      this.error ??= { source: label, kind: 'timeout', message: `${label} did not answer within ${formatSeconds(options.timeoutMs)}` };
      this.stop();
    });
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) this.onAbort();

    child.stdout?.on('data', (chunk: Buffer) => this.collect('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.collect('stderr', chunk));
    child.on('error', (spawnError: NodeJS.ErrnoException) => this.spawnFailed(spawnError));
    child.on('exit', (code, signal) => this.exited(code, signal));
    child.on('close', () => {
      this.pipesDone = true;
      this.maybeFinish();
    });
  }

  private collect(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    if (this.output.push(stream, chunk)) return;
    if ((this.options.onOutputCap ?? 'stop') === 'truncate') return;
    this.error ??= {
      source: this.label,
      kind: 'output-too-large',
      message: `${this.label} printed more than ${formatBytes(this.options.maxOutputBytes)}; stopped it`,
    };
    this.stop();
  }

  /** SIGTERM to the group now, SIGKILL after the grace period; the group counts as gone after that. */
  private stop(): void {
    if (this.stopping || this.pid === undefined) return;
    this.stopping = true;
    const pid = this.pid;
    const reached = signalProcessGroup(pid, 'SIGTERM', this.exit === null);
    if (!reached) {
      this.groupDone = true;
      this.maybeFinish();
      return;
    }
    this.later(KILL_GRACE_MS, () => {
      if (processGroupAlive(pid) || this.exit === null) {
        this.logger.debug(`${this.label}: process group ${pid} outlived SIGTERM; sending SIGKILL`);
        signalProcessGroup(pid, 'SIGKILL', this.exit === null);
      }
      this.groupDone = true;
      // A child stuck beyond SIGKILL (uninterruptible I/O) is not waited for any longer.
      this.later(PIPE_GRACE_MS, () => this.finish());
      this.maybeFinish();
    });
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = { code, signal };
    // Whatever the command left in its group would hold the pipes open; it goes too.
    if (!this.stopping) this.stop();
    else if (this.pid !== undefined && !processGroupAlive(this.pid)) this.groupDone = true;
    this.later(PIPE_GRACE_MS, () => {
      if (!this.pipesDone) this.logger.debug(`${this.label}: output pipes still open ${PIPE_GRACE_MS} ms after exit; not waiting`);
      this.pipesDone = true;
      this.maybeFinish();
    });
    this.maybeFinish();
  }

  private spawnFailed(spawnError: NodeJS.ErrnoException): void {
    const kind = spawnError.code === 'ENOENT' ? 'not-found' : 'spawn';
    const file = this.options.argv[0] ?? '';
    this.error = { source: this.label, kind, message: kind === 'not-found' ? `${file} not found` : `${this.label}: ${spawnError.message}` };
    this.groupDone = true;
    this.pipesDone = true;
    this.exit ??= { code: null, signal: null };
    this.finish();
  }

  private maybeFinish(): void {
    if (this.exit !== null && this.groupDone && this.pipesDone) this.finish();
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (this.pid !== undefined) liveGroups.delete(this.pid);
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    const exit = this.exit ?? { code: null, signal: null };
    if (this.error === null && exit.signal !== null && !this.aborted) {
      this.error = { source: this.label, kind: 'crashed', message: `${this.label} crashed (${exit.signal})` };
    }
    this.resolve({
      stdout: this.output.text('stdout'),
      stderr: this.output.text('stderr'),
      exitCode: exit.code,
      signal: exit.signal,
      durationMs: Date.now() - this.started,
      error: this.error,
      timedOut: this.timedOut,
      truncated: this.output.truncated,
      aborted: this.aborted,
    });
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }
}

/** Both streams share one byte budget, so a command cannot double it by writing to stderr too. */
class CappedOutput {
  private readonly chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  private size = 0;
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  /** Keeps what fits; false once anything had to be dropped. */
  push(stream: 'stdout' | 'stderr', chunk: Buffer): boolean {
    const room = this.maxBytes - this.size;
    if (chunk.length <= room) {
      this.chunks[stream].push(chunk);
      this.size += chunk.length;
      return true;
    }
    if (room > 0) {
      this.chunks[stream].push(chunk.subarray(0, room));
      this.size += room;
    }
    this.truncated = true;
    return false;
  }

  text(stream: 'stdout' | 'stderr'): string {
    return Buffer.concat(this.chunks[stream]).toString('utf8');
  }
}

function failed(kind: ProbeError['kind'], message: string, started: number, source: string): RunResult {
  return {
    stdout: '',
    stderr: '',
    exitCode: null,
    signal: null,
    durationMs: Date.now() - started,
    error: { source, kind, message },
    timedOut: false,
    truncated: false,
    aborted: false,
  };
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${Math.round(n / 1024)} KiB`;
}
