// Reads the few facts about this machine that preflight judges. Each fact is null when it cannot
// be known here (not a Mac, a command failed) so preflight can say "unknown" instead of guessing.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { runCommand } from './run-command';

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

const FACT_TIMEOUT_MS = 15_000;
const HOMEBREW_LOCATIONS = ['/opt/homebrew/bin/brew', '/usr/local/bin/brew'];

export async function gatherHostFacts(home: string = os.homedir()): Promise<HostFacts> {
  const platform = os.platform();
  const onMac = platform === 'darwin';
  const [appleSilicon, macosVersion, freeDiskBytes, homebrewPath, thunderboltPorts] = await Promise.all([
    onMac ? readAppleSilicon() : Promise.resolve(null),
    onMac ? readMacosVersion() : Promise.resolve(null),
    readFreeDiskBytes(home),
    findHomebrew(),
    onMac ? readThunderboltPorts() : Promise.resolve(null),
  ]);
  return {
    platform,
    arch: os.arch(),
    appleSilicon,
    macosVersion,
    freeDiskBytes,
    ramBytes: os.totalmem(),
    homebrewPath,
    thunderboltPorts,
  };
}

async function readAppleSilicon(): Promise<boolean | null> {
  // hw.optional.arm64 is 1 on Apple Silicon even when this process runs under Rosetta.
  const result = await runCommand('/usr/sbin/sysctl', ['-n', 'hw.optional.arm64'], { timeoutMs: FACT_TIMEOUT_MS });
  if (result.exitCode === 0) return result.stdout.trim() === '1';
  return os.arch() === 'arm64' ? true : null;
}

async function readMacosVersion(): Promise<string | null> {
  const result = await runCommand('/usr/bin/sw_vers', ['-productVersion'], { timeoutMs: FACT_TIMEOUT_MS });
  const version = result.stdout.trim();
  return result.exitCode === 0 && /^\d+(\.\d+)*$/.test(version) ? version : null;
}

async function readFreeDiskBytes(home: string): Promise<number | null> {
  try {
    const stats = await fs.statfs(home);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

async function findHomebrew(): Promise<string | null> {
  for (const candidate of HOMEBREW_LOCATIONS) {
    if (await isExecutable(candidate)) return candidate;
  }
  const result = await runCommand('/usr/bin/which', ['brew'], { timeoutMs: FACT_TIMEOUT_MS });
  const found = result.stdout.trim();
  return result.exitCode === 0 && path.isAbsolute(found) ? found : null;
}

async function readThunderboltPorts(): Promise<number | null> {
  const result = await runCommand('/usr/sbin/system_profiler', ['SPThunderboltDataType', '-json'], {
    timeoutMs: FACT_TIMEOUT_MS,
    maxOutputBytes: 4 * 1024 * 1024,
  });
  return result.exitCode === 0 ? countThunderboltPorts(result.stdout) : null;
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

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
