// What uses the eGPU right now: the process holding tinygrad's lock file ($TMPDIR/nv_usb4.lock or
// am_usb4.lock), found with lsof, and the `TinyGPU server` process, found with ps. Never takes
// the lock and never connects to the server's socket: either would lock tinygrad out.
import { access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isExecutable } from '../platform/which';
import { parseLsofFields, parseTinygpuServerProcesses, type LockHolder } from './parsers';
import { runProbeCommand, type SourceContext } from './sources/source';
import type { RawOutput } from './types';

export const GPU_LOCK_FILES = ['nv_usb4.lock', 'am_usb4.lock'] as const;

export interface GpuUsers {
  /** Processes holding a GPU lock file; null = could not tell (no lsof). */
  holders: LockHolder[] | null;
  /** A `TinyGPU server` process runs; null = could not tell. */
  serverRunning: boolean | null;
  socketPaths: string[];
}

/** tinygrad puts its locks in tempfile.gettempdir(), which follows TMPDIR. */
export function gpuLockPaths(env: NodeJS.ProcessEnv): string[] {
  const dir = env.TMPDIR || os.tmpdir();
  return GPU_LOCK_FILES.map((name) => path.join(dir, name));
}

export async function findGpuUsers(ctx: SourceContext, raw: RawOutput[]): Promise<GpuUsers> {
  const [holders, server] = await Promise.all([lockHolders(ctx, raw), serverProcesses(ctx, raw)]);
  return { holders, serverRunning: server?.running ?? null, socketPaths: server?.socketPaths ?? [] };
}

async function lockHolders(ctx: SourceContext, raw: RawOutput[]): Promise<LockHolder[] | null> {
  const existing = (await Promise.all(gpuLockPaths(ctx.env).map(async (file) => ((await exists(file)) ? file : null)))).filter(
    (file): file is string => file !== null,
  );
  // No lock file: nothing has opened the GPU this session, so no process to look up.
  if (existing.length === 0) return [];
  const { lsof } = ctx.monitor.paths;
  if (!(await isExecutable(lsof))) return null;
  const result = await runProbeCommand(ctx, 'lsof (GPU lock)', [lsof, '-F', 'pc', '--', ...existing], raw);
  // lsof exits 1 when no process has the files open; only a run that could not happen says nothing.
  if (result.error) return null;
  const parsed = parseLsofFields(result.stdout);
  return parsed.ok ? parsed.value : null;
}

async function serverProcesses(ctx: SourceContext, raw: RawOutput[]): Promise<{ running: boolean; socketPaths: string[] } | null> {
  const { ps } = ctx.monitor.paths;
  if (!(await isExecutable(ps))) return null;
  const result = await runProbeCommand(ctx, 'ps', [ps, '-axo', 'pid=,command='], raw);
  if (result.error) return null;
  const parsed = parseTinygpuServerProcesses(result.stdout);
  return parsed.ok ? parsed.value : null;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    // Absent is the common case, not an error worth logging.
    return false;
  }
}
