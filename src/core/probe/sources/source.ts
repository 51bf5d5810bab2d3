// One interface for every way of learning the eGPU's state.
import type { DriverInfo, Health, ProbeError, SourceId } from '../../api/schemas';
import type { Settings } from '../../api/settings';
import { runCommand, type RunResult } from '../../platform/run-command';
import type { RawOutput, Snapshot } from '../types';
import type { ProbeOptions, TierCache } from './tiers';

export interface ProbeSource {
  readonly id: SourceId;
  probe(options?: ProbeOptions): Promise<Snapshot>;
}

export interface SourceContext {
  monitor: Settings['monitor'];
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** Keeps expensive details between polls; without it every probe runs them (the old behaviour). */
  tiers?: TierCache;
}

/** Runs one command with the monitor's timeout and output cap, recording it for diagnostics. */
export async function runProbeCommand(ctx: SourceContext, label: string, argv: string[], raw: RawOutput[]): Promise<RunResult> {
  const result = await runCommand({
    argv,
    label,
    timeoutMs: ctx.monitor.probeTimeoutMs,
    maxOutputBytes: ctx.monitor.probeOutputCapBytes,
    env: ctx.env,
  });
  raw.push({
    label,
    argv,
    stdout: clip(result.stdout),
    stderr: clip(result.stderr),
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    error: result.error,
  });
  return result;
}

export const UNKNOWN_DRIVER: DriverInfo = { state: 'unknown', name: null, version: null, signing: null, detail: null };

export function emptyHealth(hostArch: string | null = null): Health {
  return { driverBound: null, serverRunning: null, deadLink: null, hostArch };
}

export function parseError(source: string, message: string): ProbeError {
  return { source, kind: 'parse', message };
}

/** First non-empty line of a command's complaint, for one-line error messages. */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  ).slice(0, 300);
}

// Diagnostics keep at most this much of each output, so a flooding probe cannot bloat memory.
const RAW_KEEP = 64 * 1024;
function clip(text: string): string {
  return text.length > RAW_KEEP ? `${text.slice(0, RAW_KEEP)}\n… (${text.length - RAW_KEEP} more characters)` : text;
}
