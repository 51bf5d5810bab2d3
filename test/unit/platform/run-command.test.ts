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
    const result = await runCommand({ argv: [node, '-e', script], timeoutMs: 500, maxOutputBytes: 1024, label: 'tinygpu list' });
    expect(result.error).toMatchObject({ kind: 'timeout', message: 'tinygpu list did not answer within 0.5 s' });
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
