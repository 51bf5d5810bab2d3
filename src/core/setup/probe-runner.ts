// Runs a step's `check` or `verify` probe (no terminal, no input) and judges it against `expect`.
import type { LoggerPort } from '../platform/logger';
import { describeCommand, shellInvocation } from './login-shell';
import { compileStdoutPattern, type Probe } from './recipe-schema';
import { runCommand } from '../platform/run-command';

export interface ProbeContext {
  loginShell: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  logger?: LoggerPort;
}

export interface ProbeResult {
  passed: boolean;
  /** One line for the user: what passed or what was wrong. */
  detail: string;
  exitCode: number | null;
  /** stdout then stderr, for the step log. */
  output: string;
}

const DEFAULT_PROBE_TIMEOUT_SEC = 30;
const PROBE_OUTPUT_CAP_BYTES = 512 * 1024;

export async function runProbe(probe: Probe, context: ProbeContext): Promise<ProbeResult> {
  const timeoutSec = probe.timeoutSec ?? DEFAULT_PROBE_TIMEOUT_SEC;
  const { file, args } = shellInvocation(probe, context.loginShell);
  const result = await runCommand({
    argv: [file, ...args],
    timeoutMs: timeoutSec * 1000,
    maxOutputBytes: PROBE_OUTPUT_CAP_BYTES,
    // The exit code decides a check; a chatty one is cut short in the log, not failed.
    onOutputCap: 'truncate',
    cwd: context.cwd,
    env: context.env,
    signal: context.signal,
    logger: context.logger,
  });
  const output = [result.stdout, result.stderr].filter((text) => text.length > 0).join('\n');
  const base = { exitCode: result.exitCode, output };
  const shown = summarize(describeCommand(probe));

  if (result.timedOut) return { ...base, passed: false, detail: `${shown} timed out after ${formatSeconds(timeoutSec)}` };
  if (result.error && (result.error.kind === 'not-found' || result.error.kind === 'spawn')) {
    return { ...base, passed: false, detail: `${shown} could not start: ${result.error.message}` };
  }
  const expectedCode = probe.expect.exitCode ?? 0;
  if (result.exitCode !== expectedCode) {
    const got = result.exitCode === null ? `was stopped by ${result.signal ?? 'a signal'}` : `exited with ${result.exitCode}`;
    return { ...base, passed: false, detail: `${shown} ${got} (expected ${expectedCode})${lastLineHint(output)}` };
  }
  const pattern = probe.expect.stdoutMatches;
  if (pattern !== undefined && !compileStdoutPattern(pattern).test(result.stdout)) {
    return { ...base, passed: false, detail: `${shown}: output did not contain /${pattern}/${lastLineHint(output)}` };
  }
  return { ...base, passed: true, detail: pattern !== undefined ? `${shown}: found /${pattern}/` : `${shown} succeeded` };
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function summarize(command: string): string {
  const firstLine = command.split('\n')[0] ?? command;
  const short = firstLine.length > 60 ? `${firstLine.slice(0, 57)}...` : firstLine;
  return short === command ? `\`${short}\`` : `\`${short.replace(/\.\.\.$/, '')}...\``;
}

function lastLineHint(output: string): string {
  const lines = output.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  const last = lines[lines.length - 1];
  if (!last) return '';
  return `: ${last.length > 120 ? `${last.slice(0, 117)}...` : last}`;
}
