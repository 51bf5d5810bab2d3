// The official `openai` and `ollama` npm clients, configured the way their users configure them,
// stream through the metering proxy to a server whose target is written with and without `/v1`;
// every run is measured as the server really sent it.
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMeteringProxy, type MeteringProxy } from '../../../src/core/inference/metering/metering-proxy';
import type { GenerationResult } from '../../../src/core/inference/types';
import { startStreamServerProcess, type StreamServerProcess } from '../../servers/stream-server-process';

const SCENARIO = { tokensPerSecond: 37, ttftMs: 180, tokens: 60 };
let remote: StreamServerProcess;
const proxies: MeteringProxy[] = [];

beforeAll(async () => {
  remote = await startStreamServerProcess(SCENARIO);
}, 30_000);
afterAll(async () => remote.close());
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
});

async function meteredProxy(target: string): Promise<{ proxy: MeteringProxy; recorded: GenerationResult[] }> {
  const recorded: GenerationResult[] = [];
  const proxy = await startMeteringProxy({ target, port: 0, onGeneration: (r) => recorded.push(r) });
  proxies.push(proxy);
  return { proxy, recorded };
}

async function expectTruthful(recorded: GenerationResult[]): Promise<void> {
  await expect.poll(() => recorded.length).toBe(1);
  const [truth] = await remote.truth();
  const run = recorded[0]!;
  expect(run).toMatchObject({ model: 'qwen3:8b', outcome: 'completed', completionTokens: SCENARIO.tokens });
  expect(Math.abs(run.tokensPerSecond! - truth!.sentTokensPerSecond!) / truth!.sentTokensPerSecond!).toBeLessThanOrEqual(0.02);
  expect(Math.abs(run.ttftMs! - (truth!.firstTokenWallMs! - run.startedAtMs))).toBeLessThanOrEqual(20);
}

describe.each([
  ['an origin', ''],
  ['a /v1 base', '/v1'],
])('target written as %s', (_spelling, basePath) => {
  it('the openai SDK with baseURL http://127.0.0.1:<proxy>/v1 streams and is measured', async () => {
    await remote.setScenario(SCENARIO);
    const { proxy, recorded } = await meteredProxy(`${remote.url}${basePath}`);
    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('tok59');
    await expectTruthful(recorded);
  });

  it('the ollama SDK with host http://127.0.0.1:<proxy> streams /api/chat and is measured', async () => {
    await remote.setScenario(SCENARIO);
    const { proxy, recorded } = await meteredProxy(`${remote.url}${basePath}`);
    const client = new Ollama({ host: proxy.url });
    const stream = await client.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const part of stream) text += part.message.content;
    expect(text).toContain('tok59');
    await expectTruthful(recorded);
  });
});

it('the ollama SDK given the OpenAI base URL as its host still reaches /api/chat', async () => {
  await remote.setScenario({ ...SCENARIO, tokens: 5 });
  const { proxy, recorded } = await meteredProxy(`${remote.url}/v1`);
  const client = new Ollama({ host: `${proxy.url}/v1` });
  const reply = await client.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'hi' }], stream: true });
  let parts = 0;
  for await (const part of reply) parts += part.done ? 0 : 1;
  expect(parts).toBe(5);
  await expect.poll(() => recorded.length).toBe(1);
});
