// When the servers are asked, on a fake clock: once on start, again only when someone asks after the
// answer went stale, once a minute while someone listens, never with nobody listening.
import { describe, expect, it } from 'vitest';
import type { InferenceServer } from '../../../src/core/api/inference';
import { SERVER_STATE_WORDS } from '../../../src/core/api/present';
import { InferenceSettingsSchema } from '../../../src/core/api/settings';
import type { LlamaCppCounters } from '../../../src/core/inference/servers/llamacpp-metrics';
import { endpointsOf, type Endpoint } from '../../../src/core/inference/servers/server-directory';
import type { ServerIdentity } from '../../../src/core/inference/servers/server-identity';
import { CHECK_EVERY_MS, FRESH_MS, ServerWatch } from '../../../src/core/inference/servers/server-watch';
import { FakeClock, flush } from '../../support/fake-clock';

const OLLAMA: ServerIdentity = { state: 'up', kind: 'ollama', version: '0.11.4' };
const LLAMA: ServerIdentity = { state: 'up', kind: 'llamacpp', version: 'b6097' };
const DOWN: ServerIdentity = { state: 'down', kind: null, version: null };

interface Harness {
  watch: ServerWatch;
  clock: FakeClock;
  asked: string[];
  published: InferenceServer[][];
  answers: Map<number, ServerIdentity | (() => Promise<ServerIdentity>)>;
  counters: Array<LlamaCppCounters | null>;
}

function harness(ports = [11434, 8080]): Harness {
  const clock = new FakeClock();
  const inference = InferenceSettingsSchema.parse({ discovery: { ports: ports.map((port) => ({ port, expect: port === 11434 ? 'ollama' : 'llamacpp' })) }, tinygrad: { port: ports[0] } });
  const h: Omit<Harness, 'watch'> = { clock, asked: [], published: [], answers: new Map(), counters: [] };
  const watch = new ServerWatch({
    endpoints: () => endpointsOf(inference),
    identify: async (e: Endpoint) => {
      h.asked.push(e.origin);
      const answer = h.answers.get(e.port) ?? DOWN;
      return typeof answer === 'function' ? answer() : answer;
    },
    readCounters: async () => h.counters.shift() ?? null,
    onChange: (servers) => h.published.push(servers),
    clock,
  });
  return { ...h, watch };
}

const row = (servers: InferenceServer[], port: number) => servers.find((s) => s.url.includes(`:${port}`))!;

describe('server watch schedule', () => {
  it('asks every endpoint once on start and then leaves them alone while nobody listens', async () => {
    const h = harness();
    h.watch.start();
    await flush();
    expect(h.asked).toEqual(['http://127.0.0.1:11434', 'http://127.0.0.1:8080']);
    await h.clock.advance(30 * 60_000);
    expect(h.asked).toHaveLength(2);
    expect(h.clock.pending()).toBe(0);
  });

  it('a recheck while a check runs queues one more check after it, shared by all who ask meanwhile', async () => {
    const h = harness([11434]);
    let release: (identity: ServerIdentity) => void = () => undefined;
    h.answers.set(11434, () => new Promise<ServerIdentity>((resolve) => (release = resolve)));
    h.watch.start();
    await flush();
    expect(h.asked).toHaveLength(1);
    // The server starts answering while the first check is out: that check may have asked too early.
    const [a, b] = [h.watch.recheck(), h.watch.recheck()];
    h.answers.set(11434, OLLAMA);
    release(DOWN);
    const [first, second] = await Promise.all([a, b]);
    expect(h.asked).toHaveLength(2);
    expect(row(first, 11434).state).toBe('up');
    expect(row(second, 11434).state).toBe('up');
  });

  it('reuses an answer younger than 10 s, and shares one check between callers', async () => {
    const h = harness([11434]);
    h.answers.set(11434, OLLAMA);
    const [a, b] = await Promise.all([h.watch.fresh(), h.watch.fresh()]);
    expect(h.asked).toHaveLength(1);
    expect(a).toEqual(b);
    await h.clock.advance(FRESH_MS - 1);
    await h.watch.fresh();
    expect(h.asked).toHaveLength(1);
    await h.clock.advance(1);
    await h.watch.fresh();
    expect(h.asked).toHaveLength(2);
  });

  it('checks once a minute while someone listens, and drops the timer when the last one leaves', async () => {
    const h = harness([11434]);
    await h.watch.fresh();
    h.watch.setListeners(1);
    expect(h.clock.pending()).toBe(1);
    await h.clock.advance(CHECK_EVERY_MS - 1);
    expect(h.asked).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.asked).toHaveLength(2);
    await h.clock.advance(CHECK_EVERY_MS);
    expect(h.asked).toHaveLength(3);
    h.watch.setListeners(0);
    expect(h.clock.pending()).toBe(0);
    await h.clock.advance(10 * CHECK_EVERY_MS);
    expect(h.asked).toHaveLength(3);
  });

  it('counts a check someone asked for: the next periodic one comes a minute after it', async () => {
    const h = harness([11434]);
    await h.watch.fresh();
    h.watch.setListeners(2);
    await h.clock.advance(40_000);
    await h.watch.fresh();
    expect(h.asked).toHaveLength(2);
    await h.clock.advance(CHECK_EVERY_MS - 1);
    expect(h.asked).toHaveLength(2);
    await h.clock.advance(1);
    expect(h.asked).toHaveLength(3);
  });

  it('checks at once when the first listener comes before any check', async () => {
    const h = harness([11434]);
    h.watch.setListeners(1);
    await h.clock.advance(0);
    expect(h.asked).toHaveLength(1);
  });

  it('stops: no timer, no more checks, answers from memory', async () => {
    const h = harness([11434]);
    h.answers.set(11434, OLLAMA);
    await h.watch.fresh();
    h.watch.setListeners(1);
    await h.watch.stop();
    expect(h.clock.pending()).toBe(0);
    await h.clock.advance(5 * CHECK_EVERY_MS);
    expect((await h.watch.fresh(0))[0]!.state).toBe('up');
    expect(h.asked).toHaveLength(1);
  });
});

describe('server watch rows', () => {
  it('keeps a failing endpoint to its own row', async () => {
    const h = harness();
    h.answers.set(11434, () => Promise.reject(new Error('boom')));
    h.answers.set(8080, LLAMA);
    const servers = await h.watch.fresh();
    expect(row(servers, 11434)).toMatchObject({ id: 'port-11434', state: 'unrecognised' });
    expect(row(servers, 8080)).toMatchObject({ id: 'port-8080', state: 'up', version: 'b6097', device: 'apple-gpu', discovered: true });
  });

  it('publishes after a check only when a row changed', async () => {
    const h = harness([11434]);
    h.answers.set(11434, OLLAMA);
    await h.watch.fresh();
    await h.clock.advance(FRESH_MS);
    await h.watch.fresh();
    expect(h.published).toHaveLength(1);
    h.answers.set(11434, DOWN);
    await h.clock.advance(FRESH_MS);
    await h.watch.fresh();
    expect(h.published).toHaveLength(2);
    expect(h.published[1]![0]!.state).toBe('down');
  });

  it('keeps the name a server answered with while it is slow', async () => {
    const h = harness([11434]);
    h.answers.set(11434, { state: 'up', kind: 'ollama', version: '0.12.6' });
    await h.watch.fresh();
    h.answers.set(11434, { state: 'slow', kind: null, version: null });
    await h.clock.advance(FRESH_MS);
    const [server] = await h.watch.fresh();
    expect(server).toMatchObject({ id: 'port-11434', kind: 'ollama', state: 'slow' });
  });

  it('calls a tinygrad server that stops answering mid-generation busy, not slow to answer', async () => {
    const h = harness([8000]);
    h.answers.set(8000, { state: 'up', kind: 'tinygrad', version: null });
    await h.watch.fresh();
    // tinygrad serves one request at a time: a GET waits until the generation ends.
    h.answers.set(8000, { state: 'slow', kind: null, version: null });
    await h.clock.advance(FRESH_MS);
    const [server] = await h.watch.fresh();
    expect(server).toMatchObject({ id: 'port-8000', kind: 'tinygrad', device: 'egpu', state: 'busy' });
    expect(SERVER_STATE_WORDS[server!.state]).toBe('busy with a generation');
    // Once it answers again it is running.
    h.answers.set(8000, { state: 'up', kind: 'tinygrad', version: null });
    await h.clock.advance(FRESH_MS);
    expect((await h.watch.fresh())[0]).toMatchObject({ state: 'up' });
  });
});

describe('llama.cpp rates from /metrics', () => {
  const counters = (promptTokens: number, promptSeconds: number, predictedTokens: number, predictedSeconds: number): LlamaCppCounters => ({
    promptTokens, promptSeconds, predictedTokens, predictedSeconds, requestsProcessing: 0,
  });

  it('shows the rates between two reads, keeps them while idle, and never goes negative after a restart', async () => {
    const h = harness([8080]);
    h.answers.set(8080, LLAMA);
    const rates = async () => {
      await h.clock.advance(FRESH_MS);
      return (await h.watch.fresh())[0]!.rates;
    };
    h.counters.push(
      counters(1000, 2, 500, 10),
      counters(1800, 3, 1000, 20), // 800 prompt tokens in 1 s, 500 generated in 10 s
      counters(1800, 3, 1000, 20), // idle
      counters(50, 0.1, 20, 0.5), // restarted: counters went down
      counters(150, 0.2, 120, 2.5), // 100 in 2 s after the restart
    );
    expect(await rates()).toBeNull();
    expect(await rates()).toMatchObject({ promptTokensPerSecond: 800, tokensPerSecond: 50 });
    expect(await rates()).toMatchObject({ promptTokensPerSecond: 800, tokensPerSecond: 50 });
    expect(await rates()).toBeNull();
    const after = await rates();
    expect(after).toMatchObject({ promptTokensPerSecond: 1000, tokensPerSecond: 50 });
  });

  it('has no rates when /metrics is off (501)', async () => {
    const h = harness([8080]);
    h.answers.set(8080, LLAMA);
    await h.watch.fresh();
    await h.clock.advance(FRESH_MS);
    expect((await h.watch.fresh())[0]!.rates).toBeNull();
  });
});
