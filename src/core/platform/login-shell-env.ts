// The login shell's environment, read once per start: an app started from Finder gets
// PATH=/usr/bin:/bin:/usr/sbin:/sbin, while Homebrew, pip --user and the nvcc shims put their
// folders on PATH in ~/.zprofile or ~/.bash_profile. The wizard runs its commands through the same
// `<shell> -l -c`, so what it installed is what the app finds here.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Notice } from '../api/schemas';
import { describeError, nullLogger, type LoggerPort } from './logger';
import { runCommand, type RunResult } from './run-command';
import type { UserEnvironment } from './user-env';

/** Shells that understand `-l -c 'script' name arg...` the POSIX way. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);

export function defaultLoginShell(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const fromEnv = env.SHELL;
  if (fromEnv && path.isAbsolute(fromEnv) && POSIX_SHELLS.has(path.basename(fromEnv))) return fromEnv;
  // fish and friends do not take POSIX scripts; macOS always ships zsh.
  return platform === 'darwin' ? '/bin/zsh' : '/bin/sh';
}

/** The variables the app takes from the login shell over its own. */
export const FROM_LOGIN_SHELL = ['PATH', 'TMPDIR', 'HOME'] as const;
type FromLoginShell = Record<(typeof FROM_LOGIN_SHELL)[number], string>;

export const LOGIN_SHELL_NOTICE_ID = 'login-shell-slow';
export const LOGIN_SHELL_TIMEOUT_MS = 10_000;
/** A profile that takes longer than this delays every tinygrad check: the user hears why. */
export const LOGIN_SHELL_SLOW_MS = 3_000;
const OUTPUT_CAP = 256 * 1024;

// The values come after a marker that differs on every read and are separated by NUL, which no
// environment value can hold: whatever a profile prints (a banner, `fortune`) comes before it.
// The marker is a positional parameter, so nothing is spliced into the script.
const PRINT_SCRIPT = `printf '%s\\0' "$1" "$PATH" "\${TMPDIR-}" "$HOME"`;

/** The values after the marker, or null when the output does not hold them (never throws). */
export function parseLoginShellOutput(stdout: string, marker: string): FromLoginShell | null {
  const at = stdout.lastIndexOf(`${marker}\0`);
  if (at < 0) return null;
  const fields = stdout.slice(at + marker.length + 1).split('\0');
  if (fields.length < FROM_LOGIN_SHELL.length + 1) return null;
  const [PATH = '', TMPDIR = '', HOME = ''] = fields;
  return { PATH, TMPDIR, HOME };
}

/** The app's own environment with the login shell's PATH, TMPDIR and HOME; an empty value keeps the app's. */
export function mergeLoginShellValues(base: NodeJS.ProcessEnv, read: FromLoginShell): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of FROM_LOGIN_SHELL) if (read[key] !== '') env[key] = read[key];
  return env;
}

export interface LoginShellEnvironmentOptions {
  /** The app's own environment; its SHELL picks the shell. */
  base?: NodeJS.ProcessEnv;
  /** Overrides SHELL (tests). */
  shell?: string;
  timeoutMs?: number;
  slowAfterMs?: number;
  logger?: LoggerPort;
}

type Listener = (notice: Notice | null) => void;

/** A UserEnvironment read from `$SHELL -l -c`, cached until invalidated; the app's own environment when the shell fails. */
export class LoginShellEnvironment implements UserEnvironment {
  private reading: Promise<NodeJS.ProcessEnv> | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly base: NodeJS.ProcessEnv;
  private readonly shell: string;
  private readonly logger: LoggerPort;

  constructor(private readonly options: LoginShellEnvironmentOptions = {}) {
    this.base = options.base ?? process.env;
    this.shell = options.shell ?? defaultLoginShell(this.base);
    this.logger = options.logger ?? nullLogger;
  }

  get(): Promise<NodeJS.ProcessEnv> {
    this.reading ??= this.read();
    return this.reading;
  }

  invalidate(): void {
    this.reading = null;
  }

  onNotice(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async read(): Promise<NodeJS.ProcessEnv> {
    const marker = `egpu-companion-env-${randomBytes(8).toString('hex')}`;
    const timeoutMs = this.options.timeoutMs ?? LOGIN_SHELL_TIMEOUT_MS;
    let run: RunResult;
    try {
      run = await runCommand({
        argv: [this.shell, '-l', '-c', PRINT_SCRIPT, path.basename(this.shell), marker],
        timeoutMs,
        maxOutputBytes: OUTPUT_CAP,
        env: this.base,
        label: `${path.basename(this.shell)} -l`,
        onOutputCap: 'truncate',
        logger: this.logger,
      });
    } catch (error) {
      // runCommand does not reject; should it ever, the app's own environment still works.
      this.logger.warn('login shell: could not run', describeError(error));
      return this.base;
    }
    const read = parseLoginShellOutput(run.stdout, marker);
    this.tell(noticeFor(this.shell, run, read !== null, timeoutMs, this.options.slowAfterMs ?? LOGIN_SHELL_SLOW_MS));
    if (read === null) {
      this.logger.warn(`login shell: ${this.shell} gave no environment (${run.error?.message ?? `exit ${run.exitCode ?? '?'}`}); using the app's own`);
      return this.base;
    }
    this.logger.debug(`login shell: read PATH from ${this.shell} in ${run.durationMs} ms`);
    return mergeLoginShellValues(this.base, read);
  }

  private tell(notice: Notice | null): void {
    for (const listener of this.listeners) listener(notice);
  }
}

/** What the popover says about this read: slow, timed out, failed, or nothing (null). */
export function noticeFor(shell: string, run: Pick<RunResult, 'timedOut' | 'durationMs' | 'exitCode'>, read: boolean, timeoutMs: number, slowAfterMs: number): Notice | null {
  const name = path.basename(shell);
  const profile = name === 'bash' ? '~/.bash_profile' : name === 'zsh' ? '~/.zprofile' : '~/.profile';
  if (run.timedOut) {
    return {
      id: LOGIN_SHELL_NOTICE_ID,
      level: 'warning',
      message: `Your shell (${name}) is slow to start: it did not finish within ${Math.round(timeoutMs / 1000)} s, so python3, tinygrad and docker are looked for on the app's own PATH only. Look in ${profile} for a command that waits.`,
    };
  }
  if (!read) {
    return {
      id: LOGIN_SHELL_NOTICE_ID,
      level: 'warning',
      message: `Your shell (${name}) stopped with an error (exit ${run.exitCode ?? '?'}) before it said its PATH, so python3, tinygrad and docker are looked for on the app's own PATH only. Check ${profile}.`,
    };
  }
  if (run.durationMs >= slowAfterMs) {
    return {
      id: LOGIN_SHELL_NOTICE_ID,
      level: 'info',
      message: `Your shell (${name}) is slow to start (${(run.durationMs / 1000).toFixed(1)} s). The app reads it to find python3, tinygrad and docker, so tinygrad checks wait that long too.`,
    };
  }
  return null;
}

/**
 * For the command line: a terminal already ran the profile (and maybe activated a virtualenv), so its
 * environment stands; started by launchd or cron with only the system folders on PATH, read the login shell.
 */
export function commandLineEnvironment(env: NodeJS.ProcessEnv = process.env, logger: LoggerPort = nullLogger): UserEnvironment {
  const systemOnly = (env.PATH ?? '').split(':').every((dir) => dir === '' || SYSTEM_FOLDERS.has(dir));
  if (!systemOnly) return { get: async () => env, invalidate: () => undefined };
  return new LoginShellEnvironment({ base: env, logger });
}

const SYSTEM_FOLDERS = new Set(['/usr/bin', '/bin', '/usr/sbin', '/sbin']);
