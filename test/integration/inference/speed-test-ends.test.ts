// A speed test ends whatever the server does: max_tokens is asked for and enforced, the run has a
// deadline, the user can stop it (the command, the CLI's Ctrl-C), and what was measured is kept.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDeadlineMs } from '../../../src/core/inference/metering/generation-client';
import { runSpeedTest } from '../../../src/core/inference/metering/speed-test';
import { startStreamServer, type StreamServer } from '../../servers/stream-server';

const root = path.resolve(__dirname, '..', '..', '..');
/** A server that ignores max_tokens and would stream for over three minutes. */
const ENDLESS = { tokensPerSecond: 500, ttftMs: 10, tokens: 100_000 } as const;

let server: StreamServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('max_tokens', () => {
  it.each(['openai', 'ollama'] as const)('%s: asked of the server and enforced when the server ignores it', async (dialect) => {
    server = await startStreamServer(ENDLESS);
    const outcome = await runSpeedTest({ dialect, baseUrl: dialect === 'openai' ? server.openAiUrl : server.url, model: 'qwen3:8b', runs: 2, maxTokens: 20 });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.report.runs).toHaveLength(2);
    for (const run of outcome.report.runs) {
      expect(run.outcome).toBe('completed');
      expect(run.completionTokens).toBeGreaterThanOrEqual(20);
      expect(run.completionTokens).toBeLessThanOrEqual(40);
    }
    expect(outcome.report.median.tokensPerSecond).not.toBeNull();
    const body = JSON.parse(server.bodies.find((b) => b.includes('"model"'))!) as { max_tokens?: number; options?: { num_predict?: number } };
    expect(dialect === 'openai' ? body.max_tokens : body.options?.num_predict).toBe(20);
    // Warm-up and both runs were cut off: the server saw the client go away each time.
    await expect.poll(() => server!.requests.filter((r) => r.clientClosed).length).toBe(3);
  });

  it('derives each run’s deadline from max_tokens: the stall limit, then 2 tok/s', () => {
    expect(runDeadlineMs(256)).toBe(30_000 + 128_000);
    expect(runDeadlineMs(20, 5_000)).toBe(15_000);
  });
});

describe('stopping a speed test', () => {
  it('returns the runs measured so far, the one cut short as cancelled, and no error', async () => {
    server = await startStreamServer({ tokensPerSecond: 50, ttftMs: 10, tokens: 40 });
    const stop = new AbortController();
    const outcome = await runSpeedTest({
      dialect: 'openai',
      baseUrl: server.openAiUrl,
      model: 'qwen3:8b',
      runs: 5,
      signal: stop.signal,
      // Stop while the second measured run streams.
      onRun: (index) => {
        if (index === 0) setTimeout(() => stop.abort(), 200);
      },
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.report.cancelled).toBe(true);
    expect(outcome.report.runs.map((r) => r.outcome)).toEqual(['completed', 'cancelled']);
    expect(outcome.report.median.tokensPerSecond).not.toBeNull();
  });

  it('the CLI stops on Ctrl-C, prints what it measured and exits 130', async () => {
    server = await startStreamServer({ tokensPerSecond: 50, ttftMs: 10, tokens: 2_000 });
    const entry = path.join(root, 'src', 'cli', 'index.ts');
    const script = `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(process.argv.slice(1));`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, 'speedtest', '--backend', 'openai', '--url', server.openAiUrl, '--model', 'qwen3:8b', '--runs', '3', '--max-tokens', '10'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Warm-up and the first run finish (10 tokens each at 50 tok/s); Ctrl-C while the second streams.
    await expect.poll(() => server!.requests.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/\(stopped\)/);
    expect(stdout).toMatch(/run 1: [\d.]+ tok\/s/);
    expect(stdout).toMatch(/run 2: .*\[cancelled\]/);
    expect(stderr).toContain('stopped (Ctrl-C)');
  }, 40_000);
});
