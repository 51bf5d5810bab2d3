// check/verify probes: real child processes, judged against the recipe's expectations.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { gatherHostFacts } from '../../../src/core/platform/host-facts';
import { formatSeconds, runProbe, type ProbeContext } from '../../../src/core/setup/probe-runner';
import { eventually, isAlive } from './harness';

const context: ProbeContext = { loginShell: '/bin/sh', cwd: os.tmpdir(), env: { ...process.env, HOME: os.tmpdir() } };

describe('runProbe', () => {
  it('passes when the exit code and the output pattern match', async () => {
    const result = await runProbe({ argv: ['echo', 'Device 0: NVIDIA GeForce RTX 4090'], expect: { stdoutMatches: '^Device 0:' } }, context);
    expect(result).toMatchObject({ passed: true, exitCode: 0, detail: '`echo \'Device 0: NVIDIA GeForce RTX 4090\'`: found /^Device 0:/' });
  });

  it('explains a wrong exit code with the last line of output', async () => {
    const result = await runProbe({ shell: 'echo "Extension awaiting approval."; exit 4', expect: {} }, context);
    expect(result.passed).toBe(false);
    expect(result.detail).toBe('`echo "Extension awaiting approval."; exit 4` exited with 4 (expected 0): Extension awaiting approval.');
  });

  it('explains output that does not match', async () => {
    const result = await runProbe({ argv: ['echo', 'Driver extension not installed.'], expect: { stdoutMatches: 'Extension is ready' } }, context);
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/output did not contain \/Extension is ready\/: Driver extension not installed\.$/);
  });

  it('accepts an expected non-zero exit code', async () => {
    expect((await runProbe({ shell: 'exit 3', expect: { exitCode: 3 } }, context)).passed).toBe(true);
  });

  it('reports a command that is not installed', async () => {
    const result = await runProbe({ argv: ['tinygpu-not-installed-here', 'list'], expect: {} }, context);
    expect(result.passed).toBe(false);
    expect(result.exitCode).toBe(127);
  });

  it('times out and kills the whole probe', async () => {
    const result = await runProbe({ shell: 'echo "pid $$"; sleep 30 & echo "child $!"; wait', expect: {}, timeoutSec: 0.3 }, context);
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/timed out after 0.3 s$/);
    const child = Number(/child (\d+)/.exec(result.output)?.[1]);
    await eventually(() => !isAlive(child), 'the probe’s child is gone');
  });
});

describe('setup checks through the shared runner', () => {
  it('keeps the first bytes of a chatty check and judges it by its exit code', async () => {
    const result = await runProbe({ shell: 'head -c 600000 /dev/zero | tr "\\000" y; exit 0', expect: {} }, context);
    expect(result.passed).toBe(true);
    expect(result.output.length).toBe(512 * 1024);
  });

  it('stops a check when setup is cancelled, and says so', async () => {
    const controller = new AbortController();
    const pending = runProbe({ shell: 'sleep 30', expect: {} }, { ...context, signal: controller.signal });
    controller.abort();
    const result = await pending;
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/was stopped by SIGTERM/);
  });
});

describe('formatSeconds', () => {
  it('reads naturally', () => {
    expect(formatSeconds(30)).toBe('30 s');
    expect(formatSeconds(1800)).toBe('30 min');
    expect(formatSeconds(90)).toBe('90 s');
  });
});

describe('gatherHostFacts', () => {
  it('reports what it can know on this machine and null for the rest', async () => {
    const facts = await gatherHostFacts(os.tmpdir());
    expect(facts.platform).toBe(os.platform());
    expect(facts.ramBytes).toBe(os.totalmem());
    expect(typeof facts.freeDiskBytes).toBe('number');
    if (facts.platform !== 'darwin') {
      expect(facts).toMatchObject({ appleSilicon: null, macosVersion: null, thunderboltPorts: null });
    }
  });
});
