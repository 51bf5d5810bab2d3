import { describe, expect, it } from 'vitest';
import { liveChildCount, runCommand } from '../../../src/core/platform/run-command';

const node = process.execPath;
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runCommand', () => {
  it('returns output and exit code of a command run without a shell', async () => {
    const result = await runCommand({ argv: [node, '-e', 'console.log("a; echo b"); process.exit(3)'], timeoutMs: 5000, maxOutputBytes: 1024 });
    expect(result.stdout).toBe('a; echo b\n');
    expect(result.exitCode).toBe(3);
    expect(result.error).toBeNull();
  });

  it('says "not found" for a missing executable', async () => {
    const result = await runCommand({ argv: ['/nonexistent/tinygpu', 'list'], timeoutMs: 1000, maxOutputBytes: 1024, label: 'tinygpu list' });
    expect(result.error).toMatchObject({ kind: 'not-found', message: '/nonexistent/tinygpu not found' });
  });

  it('kills a hung command at its timeout and its children too', async () => {
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(child.pid);
      setInterval(() => {}, 1000);`;
    const result = await runCommand({ argv: [node, '-e', script], timeoutMs: 2500, maxOutputBytes: 1024, label: 'tinygpu list' });
    expect(result.error).toMatchObject({ kind: 'timeout', message: 'tinygpu list did not answer within 2.5 s' });
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => isAlive(grandchild), { timeout: 3000 }).toBe(false);
    expect(liveChildCount()).toBe(0);
  });

  it('stops a command that floods its output past the cap', async () => {
    const result = await runCommand({
      // Writes as fast as the pipe drains, like a runaway tool (a bare loop would only fill memory).
      argv: [node, '-e', 'const s = "x".repeat(65536); const pump = () => { while (process.stdout.write(s)); process.stdout.once("drain", pump) }; pump()'],
      timeoutMs: 10_000,
      maxOutputBytes: 256 * 1024,
      label: 'tinygpu list',
    });
    expect(result.error).toMatchObject({ kind: 'output-too-large', message: 'tinygpu list printed more than 256 KiB; stopped it' });
    expect(result.stdout.length).toBeLessThanOrEqual(256 * 1024);
    expect(liveChildCount()).toBe(0);
  });

  it('reports a crash by signal', async () => {
    const result = await runCommand({ argv: [node, '-e', 'process.kill(process.pid, "SIGSEGV")'], timeoutMs: 5000, maxOutputBytes: 1024, label: 'tinygpu list' });
    expect(result.signal).toBe('SIGSEGV');
    expect(result.error).toMatchObject({ kind: 'crashed', message: 'tinygpu list crashed (SIGSEGV)' });
  });
});

describe('runCommand with a grandchild holding the output pipe', () => {
  // Like a probe that starts a helper in the background and exits: the helper keeps stdout open.
  const lingering = `
    const { spawn } = require('node:child_process');
    const helper = spawn('/bin/sh', ['-c', 'sleep 30'], { stdio: ['ignore', 'inherit', 'inherit'] });
    console.log(helper.pid);
    process.exit(0);`;

  it('returns promptly after the command exits and leaves no process behind', async () => {
    const started = Date.now();
    const result = await runCommand({ argv: [node, '-e', lingering], timeoutMs: 10_000, maxOutputBytes: 1024, label: 'tinygpu list' });
    const elapsed = Date.now() - started;
    expect(result.exitCode).toBe(0);
    expect(result.error).toBeNull();
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    // Far below the 10 s timeout: the runner did not wait for the helper's 30 s sleep.
    expect(elapsed).toBeLessThan(5000);
    await expect.poll(() => isAlive(grandchild), { timeout: 3000 }).toBe(false);
    expect(liveChildCount()).toBe(0);
  });

  it('kills a grandchild that ignores SIGTERM', async () => {
    const stubborn = `
      const { spawn } = require('node:child_process');
      const helper = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'inherit'] });
      console.log(helper.pid);
      setTimeout(() => process.exit(0), 300);`;
    const result = await runCommand({ argv: [node, '-e', stubborn], timeoutMs: 10_000, maxOutputBytes: 1024 });
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    // SIGKILL went out before the promise settled; the kernel needs a moment to reap it.
    await expect.poll(() => isAlive(grandchild), { timeout: 2000 }).toBe(false);
    expect(liveChildCount()).toBe(0);
  });

  it('does not wait for a process outside its group that holds the pipe', async () => {
    // setsid puts the helper in a new session: the group kill cannot reach it, the pipe grace must.
    const escaped = `
      const { spawn } = require('node:child_process');
      const helper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 4000)'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
      console.log(helper.pid);
      process.exit(0);`;
    const started = Date.now();
    const result = await runCommand({ argv: [node, '-e', escaped], timeoutMs: 10_000, maxOutputBytes: 1024 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.exitCode).toBe(0);
    const helper = Number(result.stdout.trim());
    if (helper > 0) process.kill(helper, 'SIGKILL');
  });
});

describe('runCommand options', () => {
  it('truncates instead of stopping when asked, and says it did', async () => {
    const result = await runCommand({
      argv: ['/bin/sh', '-c', 'head -c 100000 /dev/zero | tr "\\000" y'],
      timeoutMs: 5000,
      maxOutputBytes: 1000,
      onOutputCap: 'truncate',
    });
    expect(result.stdout.length).toBe(1000);
    expect(result.truncated).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.error).toBeNull();
  });

  it('stops the command and everything it started when aborted', async () => {
    const controller = new AbortController();
    const pending = runCommand({ argv: ['/bin/sh', '-c', 'sleep 30 & echo $!; wait'], timeoutMs: 60_000, maxOutputBytes: 1024, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    const result = await pending;
    expect(result.aborted).toBe(true);
    expect(result.error).toBeNull();
    const sleeper = Number(result.stdout.trim());
    expect(sleeper).toBeGreaterThan(0);
    await expect.poll(() => isAlive(sleeper), { timeout: 3000 }).toBe(false);
    expect(liveChildCount()).toBe(0);
  });
});
