// The meter against ground truth: a test server streams at a controlled rate and TTFT and
// records when it really sent each token; the speed test must agree within ±2 % and ±20 ms.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runGeneration } from '../../../src/core/inference/metering/generation-client';
import { runSpeedTest } from '../../../src/core/inference/metering/speed-test';
import { startStreamServer, type GroundTruth, type StreamServer } from '../../servers/stream-server';
import { startStreamServerProcess, type StreamServerProcess } from '../../servers/stream-server-process';

let server: StreamServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** TTFT as it really happened: from the client sending to the server writing the first token. */
function trueTtft(sentAtMs: number, truth: GroundTruth): number {
  return truth.firstTokenWallMs! - sentAtMs;
}

function expectWithin(actual: number | null, expected: number | null, relative: number): void {
  expect(actual).not.toBeNull();
  expect(expected).not.toBeNull();
  expect(Math.abs(actual! - expected!) / expected!).toBeLessThanOrEqual(relative);
}

// Accuracy runs against a server in its own process: its timers must not wait on the client's loop.
describe('accuracy against a controlled server', () => {
  let remote: StreamServerProcess;
  beforeAll(async () => {
    remote = await startStreamServerProcess({ tokensPerSecond: 40, ttftMs: 180, tokens: 30 });
  }, 30_000);
  afterAll(async () => remote.close());

  it.each([
    { dialect: 'openai' as const, reasoningTokens: 6 },
    { dialect: 'ollama' as const, reasoningTokens: 0 },
  ])('$dialect: tok/s within ±2 % and TTFT within ±20 ms of what was sent', async ({ dialect, reasoningTokens }) => {
    await remote.setScenario({ tokensPerSecond: 40, ttftMs: 180, tokens: 100, reasoningTokens });
    const outcome = await runSpeedTest({ dialect, baseUrl: dialect === 'openai' ? remote.openAiUrl : remote.url, model: null, runs: 2 });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const truth = await remote.truth();
    expect(outcome.report.model).toBe('llama3.1:8b');
    expect(outcome.report.runs).toHaveLength(2);
    // Warm-up run excluded from the results, but it did happen.
    expect(truth).toHaveLength(3);
    outcome.report.runs.forEach((run, i) => {
      const sent = truth[i + 1]!;
      expect(run.outcome).toBe('completed');
      expect(run.completionTokens).toBe(100);
      expect(run.estimated).toBe(false);
      expectWithin(run.tokensPerSecond, sent.sentTokensPerSecond, 0.02);
      expect(Math.abs(run.ttftMs! - trueTtft(run.startedAtMs, sent))).toBeLessThanOrEqual(20);
    });
    expectWithin(outcome.report.median.tokensPerSecond, 40, 0.05);
    if (dialect === 'ollama') expectWithin(outcome.report.runs[0]!.reportedTokensPerSecond, truth[1]!.sentTokensPerSecond, 0.02);
  });

  it('counts deltas and says "estimated" when the server sends no usage chunk', async () => {
    await remote.setScenario({ tokensPerSecond: 50, ttftMs: 100, tokens: 60, usage: 'never' });
    const reply = await runGeneration({ dialect: 'openai', baseUrl: remote.openAiUrl, model: 'qwen3:8b', prompt: 'hi' });
    expect(reply.ok && reply.result.estimated).toBe(true);
    if (!reply.ok) return;
    expect(reply.result.completionTokens).toBe(60);
    expectWithin(reply.result.tokensPerSecond, (await remote.truth())[0]!.sentTokensPerSecond, 0.02);
  });

  it('reasoning deltas end TTFT and count as generated tokens', async () => {
    await remote.setScenario({ tokensPerSecond: 50, ttftMs: 150, tokens: 10, reasoningTokens: 10, usage: 'never' });
    const reply = await runGeneration({ dialect: 'openai', baseUrl: remote.openAiUrl, model: 'qwen3:8b', prompt: 'hi' });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.result.completionTokens).toBe(10);
    expect(Math.abs(reply.result.ttftMs! - trueTtft(reply.result.startedAtMs, (await remote.truth())[0]!))).toBeLessThanOrEqual(20);
  });
});

describe('failure modes', () => {
  it('an error mid-stream ends the run as an error with the server message', async () => {
    server = await startStreamServer({ tokensPerSecond: 100, ttftMs: 20, tokens: 20, failAfter: { tokens: 5, mode: 'error' } });
    for (const dialect of ['openai', 'ollama'] as const) {
      const reply = await runGeneration({ dialect, baseUrl: dialect === 'openai' ? server.openAiUrl : server.url, model: 'qwen3:8b', prompt: 'hi' });
      if (!reply.ok) throw new Error(reply.message);
      expect(reply.result.outcome).toBe('error');
      expect(reply.result.error).toContain('backend crashed');
      expect(reply.result.completionTokens).toBe(5);
    }
  });

  it('a dropped connection mid-stream is an error, not a result', async () => {
    server = await startStreamServer({ tokensPerSecond: 100, ttftMs: 20, tokens: 20, failAfter: { tokens: 4, mode: 'destroy' } });
    const reply = await runGeneration({ dialect: 'openai', baseUrl: server.openAiUrl, model: 'qwen3:8b', prompt: 'hi' });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.result.outcome).toBe('error');
  });

  it('a stalled server is reported as stalled after the silence limit', async () => {
    server = await startStreamServer({ tokensPerSecond: 100, ttftMs: 20, tokens: 20, failAfter: { tokens: 3, mode: 'stall' } });
    const reply = await runGeneration({ dialect: 'ollama', baseUrl: server.url, model: 'qwen3:8b', prompt: 'hi', stallMs: 300 });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.result.outcome).toBe('stalled');
    expect(reply.result.completionTokens).toBe(3);
  });

  it('malformed lines are skipped and counted, the measurement survives', async () => {
    server = await startStreamServer({ tokensPerSecond: 50, ttftMs: 50, tokens: 20, malformedEvery: 5 });
    for (const dialect of ['openai', 'ollama'] as const) {
      const reply = await runGeneration({ dialect, baseUrl: dialect === 'openai' ? server.openAiUrl : server.url, model: 'qwen3:8b', prompt: 'hi' });
      if (!reply.ok) throw new Error(reply.message);
      expect(reply.result.outcome).toBe('completed');
      expect(reply.result.malformedLines).toBe(4);
      expect(reply.result.completionTokens).toBe(20);
    }
  });

  it('cancelling mid-stream closes the request at the server', async () => {
    server = await startStreamServer({ tokensPerSecond: 50, ttftMs: 20, tokens: 100 });
    const controller = new AbortController();
    const reply = await runGeneration({
      dialect: 'openai',
      baseUrl: server.openAiUrl,
      model: 'qwen3:8b',
      prompt: 'hi',
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'delta' && e.content === 'tok4 ') controller.abort();
      },
    });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.result.outcome).toBe('cancelled');
    await expect.poll(() => server!.requests[0]!.clientClosed).toBe(true);
    expect(server.requests[0]!.tokenTimes.length).toBeLessThan(100);
  });

  it('an unknown model and an unreachable server fail with their reason', async () => {
    server = await startStreamServer({ tokensPerSecond: 50, ttftMs: 20, tokens: 5 });
    const unknown = await runSpeedTest({ dialect: 'ollama', baseUrl: server.url, model: 'nope:1b', runs: 1 });
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown-model' });
    const url = server.url;
    await server.close();
    server = null;
    const down = await runSpeedTest({ dialect: 'openai', baseUrl: `${url}/v1`, model: 'x', runs: 1 });
    expect(down).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});
