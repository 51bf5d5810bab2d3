// The built CLI's eGPU benchmark as a script runs it: flags, JSON on stdout, exit codes, one-line errors.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFakePython, type FakePython } from '../support/fake-python';
import { ROOT } from '../support/web-app';

const CLI = path.join(ROOT, 'bin', 'egpu-companion.mjs');

describe('egpu-companion speedtest --backend tinygrad-benchmark', () => {
  let fake: FakePython;
  let slow: FakePython;
  let config: string;
  beforeAll(() => {
    fake = makeFakePython();
    slow = makeFakePython({ lineDelayMs: 200 });
    config = mkdtempSync(path.join(os.tmpdir(), 'egpu-cli-bench-'));
  });
  afterAll(() => {
    expect(fake.processCount()).toBe(0);
    expect(slow.processCount()).toBe(0);
    fake.remove();
    slow.remove();
    rmSync(config, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { HOME: fake.home, SHELL: '/bin/false', XDG_CONFIG_HOME: config, PATH: [fake.binDir, path.dirname(process.execPath)].join(path.delimiter) };
      execFile(process.execPath, [CLI, 'speedtest', '--backend', 'tinygrad-benchmark', ...args], { env, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  it('--json with --device and --max-tokens: the figures scripts read', async () => {
    const result = await run(['--model', 'qwen3:8b', '--device', 'AMD', '--max-tokens', '6', '--runs', '2', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { device: string; runs: Array<{ gbPerSecond: number; mbUsed: number; completionTokens: number }>; median: { gbPerSecond: number; mbUsed: number } };
    expect(doc.device).toBe('AMD');
    expect(doc.runs.map((r) => r.completionTokens)).toEqual([6, 6]);
    expect(doc.median).toMatchObject({ gbPerSecond: 523.12, mbUsed: 14523 });
  });

  it('exits 2 with one line when the python named with --python does not exist, or a flag is wrong', async () => {
    const missing = await run(['--model', 'llama3.1:8b', '--python', path.join(config, 'no-python3')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^egpu-companion: speedtest: \S*no-python3 was not found; install Python 3 or set inference\.tinygrad\.python in settings\.json\n$/);
    const badDevice = await run(['--model', 'llama3.1:8b', '--device', 'CUDA']);
    expect(badDevice.code).toBe(2);
    expect(badDevice.stderr).toContain('--device must be NV or AMD');
  });

  it('Ctrl-C stops the benchmark and everything it started, and exits 130', async () => {
    const env = { HOME: slow.home, SHELL: '/bin/false', XDG_CONFIG_HOME: config, PATH: [slow.binDir, path.dirname(process.execPath)].join(path.delimiter) };
    const child = spawn(process.execPath, [CLI, 'speedtest', '--backend', 'tinygrad-benchmark', '--model', 'llama3.1:8b', '--device', 'NV', '--max-tokens', '200'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => slow.processCount(), { timeout: 10_000 }).toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('egpu-companion: speedtest: the benchmark was stopped\n');
    expect(slow.processCount()).toBe(0);
  });
});
