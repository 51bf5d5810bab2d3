// Two real processes and one data folder: the second writer is refused with a clear message and the
// first one's files stay intact; a lock left by a killed writer does not lock the user out.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSettingsDocument } from '../../../src/core/store/settings-store';
import { acquireDataDirLock, DataDirBusyError } from '../../../src/core/store/data-dir-lock';
import { buildChildScript } from './build-child';

let script = '';
const started: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  script = await buildChildScript(path.join(__dirname, 'lock-child.ts'));
});

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Writer {
  child: ChildProcessWithoutNullStreams;
  acks: () => number;
  waitFor: (line: RegExp) => Promise<void>;
  exited: Promise<{ code: number | null; stderr: string }>;
}

function startWriter(dir: string, host: string): Writer {
  const child = spawn(process.execPath, [script, dir, host]);
  started.push(child);
  let stdout = '';
  let stderr = '';
  let acks = 0;
  const waiters: Array<{ line: RegExp; resolve: () => void }> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    acks = (stdout.match(/^ack \d+$/gm) ?? []).length;
    for (const waiter of [...waiters]) if (waiter.line.test(stdout)) waiter.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return {
    child,
    acks: () => acks,
    exited,
    waitFor: (line) =>
      new Promise<void>((resolve, reject) => {
        if (line.test(stdout)) return resolve();
        waiters.push({ line, resolve });
        void exited.then(({ code, stderr: err }) => reject(new Error(`writer exited (${code}) before ${line}: ${err}`)));
      }),
  };
}

describe('the data-folder lock', () => {
  it('refuses a second writer with a clear message while the first keeps its files valid', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-lock-'));
    const first = startWriter(dir, 'egpu-companion serve');
    await first.waitFor(/ack 5\n/);

    const second = startWriter(dir, 'the menu-bar app');
    const { code, stderr } = await second.exited;
    expect(code).toBe(3);
    expect(stderr).toContain(`egpu-companion serve (PID ${first.child.pid}`);
    expect(stderr).toContain(`is already using the data folder ${dir}. Quit it first`);

    const before = first.acks();
    await first.waitFor(new RegExp(`ack ${before + 5}\\n`));
    first.child.kill('SIGKILL');
    await first.exited;
    const parsed = parseSettingsDocument(readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(parsed.ok).toBe(true);
  });

  it('is taken over at once when its holder was killed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-lock-'));
    const first = startWriter(dir, 'egpu-companion serve');
    await first.waitFor(/locked\n/);
    first.child.kill('SIGKILL');
    await first.exited;

    const started = Date.now();
    const lock = await acquireDataDirLock(dir, { host: 'test' });
    // Well inside proper-lockfile's 10 s stale period: the dead PID was recognised.
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(acquireDataDirLock(dir, { host: 'again' })).rejects.toBeInstanceOf(DataDirBusyError);
    await lock.release();
    const again = await acquireDataDirLock(dir, { host: 'again' });
    await again.release();
  });
});
