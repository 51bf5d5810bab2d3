// Servers the tests start must not outlive them, whatever fails. Each runs in its own process group
// (spawned detached), so one signal stops it and everything it started, and is recorded before
// anything else can fail: here, for the afterAll every test file gets (test/support/stop-started.ts),
// and as a file in the run's registry folder, for the global teardown (test/support/global-teardown.ts)
// when a test process could not clean up itself.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Set by the global setup: the folder where this run records the servers it starts. */
export const REGISTRY_ENV = 'EGPU_TEST_PROCESS_REGISTRY';

const started = new Set<ChildProcess>();
/** Children that lead their own process group (spawned here); others are signalled alone. */
const groupLeaders = new WeakSet<ChildProcess>();
const STOP_GRACE_MS = 5000;

/** spawn(), detached into its own process group and recorded before the caller can do anything else. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) return child;
  started.add(child);
  groupLeaders.add(child);
  const record = recordFile(child.pid);
  if (record) writeFileSync(record, JSON.stringify({ pid: child.pid, command: [command, ...args] }));
  child.once('exit', () => {
    started.delete(child);
    if (record) rmSync(record, { force: true });
  });
  return child;
}

/**
 * SIGTERM (to the whole group when it leads one), SIGKILL after a grace period; resolves once the
 * process has exited.
 */
export function stopProcess(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  const grouped = groupLeaders.has(child);
  const signal = (name: NodeJS.Signals) => (grouped && pid !== undefined ? signalGroup(pid, name) : child.kill(name));
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    if (grouped && pid !== undefined) signalGroup(pid, 'SIGKILL');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => signal('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      // Whatever a server started and left behind in its group goes with it.
      if (grouped) signalGroup(pid, 'SIGKILL');
      resolve();
    });
    signal('SIGTERM');
  });
}

/** Stops every server this process started and has not stopped yet. */
export async function stopAllStarted(): Promise<void> {
  await Promise.all([...started].map((child) => stopProcess(child)));
}

export function startedCount(): number {
  return started.size;
}

// A test process that exits without its afterAll (a crash, process.exit) still takes its servers along.
process.once('exit', () => {
  for (const child of started) if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
});

/**
 * For the global teardown: kills the process group of every server still recorded in the registry
 * folder (its test process died or never cleaned up), checking first that the pid still runs the
 * recorded command, and waits (up to a few seconds) until they are gone. Returns how many it killed.
 */
export async function killRecorded(registryDir: string): Promise<number> {
  const killed: number[] = [];
  for (const name of listFolder(registryDir)) {
    const file = path.join(registryDir, name);
    const entry = readRecord(file);
    rmSync(file, { force: true });
    if (entry && stillRuns(entry.pid, entry.command)) {
      signalGroup(entry.pid, 'SIGKILL');
      killed.push(entry.pid);
    }
  }
  for (let waited = 0; waited < 5000 && killed.some((pid) => signalGroup(pid, 0)); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return killed.length;
}

function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function recordFile(pid: number): string | null {
  const dir = process.env[REGISTRY_ENV];
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${pid}.json`);
}

function readRecord(file: string): { pid: number; command: string[] } | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; command?: unknown };
    if (typeof value.pid !== 'number' || !Array.isArray(value.command)) return null;
    return { pid: value.pid, command: value.command.map(String) };
  } catch {
    return null;
  }
}

/** Where /proc exists, the pid must still run what was recorded (pids are reused); elsewhere it must exist. */
function stillRuns(pid: number, command: string[]): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return command.slice(1).every((arg) => cmdline.includes(arg));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || process.platform === 'linux') return false;
    return signalGroup(pid, 0);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
