// The one place that learns facts about this machine: processor, macOS version, Thunderbolt/USB4
// ports, free disk, Homebrew. Setup preflight judges them, the monitor's hazards use the processor,
// diagnostics print them. Each fact is null when it cannot be known here (not a Mac, a command
// failed) so callers can say "unknown" instead of guessing.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { nullLogger, type LoggerPort } from './logger';
import { runCommand, type RunOptions, type RunResult } from './run-command';
import { isExecutable } from './which';

export interface HostFacts {
  /** os.platform(): 'darwin' on a Mac. */
  platform: string;
  /** os.arch() of this process (x64 under Rosetta even on Apple Silicon). */
  arch: string;
  /** From the hardware, not the process; null off macOS. */
  appleSilicon: boolean | null;
  /** `sw_vers -productVersion`, e.g. "14.5"; null off macOS. */
  macosVersion: string | null;
  /** Free space on the volume holding the home folder. */
  freeDiskBytes: number | null;
  ramBytes: number;
  /** Where `brew` was found, or null. */
  homebrewPath: string | null;
  /** Thunderbolt/USB4 ports from system_profiler; null off macOS or when it failed. */
  thunderboltPorts: number | null;
}

export type HostArch = 'arm64' | 'x86_64';

/** What the facts are read through; tests replace the platform, the process arch and the commands. */
export interface HostProbeDeps {
  platform: NodeJS.Platform;
  processArch: string;
  run: (options: RunOptions) => Promise<RunResult>;
  logger: LoggerPort;
}

export function defaultHostProbeDeps(logger: LoggerPort = nullLogger): HostProbeDeps {
  return { platform: process.platform, processArch: process.arch, run: runCommand, logger };
}

const FACT_TIMEOUT_MS = 15_000;
const SMALL_OUTPUT = 64 * 1024;
const HOMEBREW_LOCATIONS = ['/opt/homebrew/bin/brew', '/usr/local/bin/brew'];

export async function gatherHostFacts(home: string = os.homedir(), deps: HostProbeDeps = defaultHostProbeDeps()): Promise<HostFacts> {
  const onMac = deps.platform === 'darwin';
  const [hostArch, macosVersion, freeDiskBytes, homebrewPath, thunderboltPorts] = await Promise.all([
    readHostArch(deps),
    onMac ? readMacosVersion(deps) : Promise.resolve(null),
    readFreeDiskBytes(home, deps.logger),
    findHomebrew(deps),
    onMac ? readThunderboltPorts(deps) : Promise.resolve(null),
  ]);
  return {
    platform: deps.platform,
    arch: deps.processArch,
    appleSilicon: hostArch === null ? null : hostArch === 'arm64',
    macosVersion,
    freeDiskBytes,
    ramBytes: os.totalmem(),
    homebrewPath,
    thunderboltPorts,
  };
}

/**
 * The Mac's real CPU. An x64 build running under Rosetta reports process.arch === 'x64' on Apple
 * Silicon, so ask the kernel instead: hw.optional.arm64 is 1 there whatever the process is.
 * Not a Mac → null.
 */
export async function readHostArch(deps: HostProbeDeps = defaultHostProbeDeps()): Promise<HostArch | null> {
  if (deps.platform !== 'darwin') return null;
  const result = await deps.run({ argv: ['/usr/sbin/sysctl', '-n', 'hw.optional.arm64'], timeoutMs: 2000, maxOutputBytes: 1024 });
  if (result.error === null && result.exitCode === 0 && result.stdout.trim() === '1') return 'arm64';
  // The key is missing on Intel Macs (sysctl exits non-zero) and reads 0 there on some versions.
  if (result.error === null) return 'x86_64';
  deps.logger.debug(`sysctl hw.optional.arm64 failed: ${result.error.message}`);
  return deps.processArch === 'arm64' ? 'arm64' : null;
}

async function readMacosVersion(deps: HostProbeDeps): Promise<string | null> {
  const result = await deps.run({ argv: ['/usr/bin/sw_vers', '-productVersion'], timeoutMs: FACT_TIMEOUT_MS, maxOutputBytes: SMALL_OUTPUT });
  const version = result.stdout.trim();
  return result.exitCode === 0 && /^\d+(\.\d+)*$/.test(version) ? version : null;
}

async function readFreeDiskBytes(home: string, logger: LoggerPort): Promise<number | null> {
  try {
    const stats = await fs.statfs(home);
    return stats.bavail * stats.bsize;
  } catch (error) {
    logger.debug(`free disk space of ${home} unknown`, error);
    return null;
  }
}

async function findHomebrew(deps: HostProbeDeps): Promise<string | null> {
  for (const candidate of HOMEBREW_LOCATIONS) {
    if (await isExecutable(candidate)) return candidate;
  }
  if (deps.platform !== 'darwin') return null;
  const result = await deps.run({ argv: ['/usr/bin/which', 'brew'], timeoutMs: FACT_TIMEOUT_MS, maxOutputBytes: SMALL_OUTPUT });
  const found = result.stdout.trim();
  return result.exitCode === 0 && found.startsWith('/') ? found : null;
}

async function readThunderboltPorts(deps: HostProbeDeps): Promise<number | null> {
  const result = await deps.run({
    argv: ['/usr/sbin/system_profiler', 'SPThunderboltDataType', '-json'],
    timeoutMs: FACT_TIMEOUT_MS,
    maxOutputBytes: 4 * 1024 * 1024,
  });
  return result.exitCode === 0 && result.error === null ? countThunderboltPorts(result.stdout) : null;
}

const ThunderboltReportSchema = z.object({
  SPThunderboltDataType: z.array(z.record(z.string(), z.unknown())),
});

/** Counts receptacles (ports) in `system_profiler SPThunderboltDataType -json`; a bus without receptacle keys counts once. */
export function countThunderboltPorts(json: string): number | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // Not JSON: the count is unknown, which is what null says.
    return null;
  }
  const parsed = ThunderboltReportSchema.safeParse(raw);
  if (!parsed.success) return null;
  let ports = 0;
  for (const bus of parsed.data.SPThunderboltDataType) {
    const receptacles = Object.keys(bus).filter((key) => /^receptacle_\d+_tag$/.test(key)).length;
    ports += receptacles > 0 ? receptacles : 1;
  }
  return ports;
}

/** One line for people: "arm64 (this process runs as x64 under Rosetta)". */
export function describeArch(hostArch: HostArch | null, processArch: string): string {
  if (hostArch === null) return processArch;
  const matches = (hostArch === 'arm64' && processArch === 'arm64') || (hostArch === 'x86_64' && processArch === 'x64');
  if (matches) return hostArch;
  const rosetta = hostArch === 'arm64' && processArch === 'x64' ? ' under Rosetta' : '';
  return `${hostArch} (this process runs as ${processArch}${rosetta})`;
}
