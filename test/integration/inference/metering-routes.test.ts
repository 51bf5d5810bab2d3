// One metering route per server: Ollama on its settings route and an LM Studio found running on
// its port, both streaming at once, each measured on its own and labelled with its server.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import { afterEach, expect, it } from 'vitest';
import type { InferenceLive } from '../../../src/core/api/inference';
import { createCompanion } from '../../../src/core/companion';
import { renderFleetMetrics } from '../../../src/core/metrics/fleet-metrics';
import { startStreamServer, type StreamServer } from '../../servers/stream-server';
import { freePort } from '../../support/free-port';
import { freePortFollowedByFree } from '../../support/free-port-pair';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(scenario: Parameters<typeof startStreamServer>[0], port = 0): Promise<StreamServer> {
  const s = await startStreamServer(scenario, port);
  cleanups.push(() => s.close());
  return s;
}

it('meters Ollama and a discovered LM Studio at once, each through its own route and under its own name', async () => {
  const ollama = await server({ tokensPerSecond: 60, ttftMs: 40, tokens: 30 });
  const lmStudioPort = await freePortFollowedByFree();
  await server({ tokensPerSecond: 45, ttftMs: 60, tokens: 25, persona: 'lmstudio', models: ['qwen2.5-7b-instruct'] }, lmStudioPort);
  const ollamaPort = Number(new URL(ollama.url).port);
  const ollamaRoutePort = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-routes-'));
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      version: 2,
      inference: {
        proxy: { routes: [{ id: 'ollama', listen: ollamaRoutePort, target: ollama.url }] },
        discovery: { ports: [{ port: ollamaPort, expect: 'ollama' }, { port: lmStudioPort, expect: 'lmstudio' }] },
      },
    }),
  );
  const core = createCompanion({ dataDir, transport: 'direct' });
  const live: InferenceLive[] = [];
  core.on('inferenceLive', (reading) => live.push(reading));
  await core.start();
  cleanups.push(() => core.stop());

  // The LM Studio answering on its port gets a route of its own on the next port.
  await expect.poll(async () => (await core.getInferenceStatus({})).routes?.map((r) => [r.id, r.label, r.source]), { timeout: 10_000 }).toEqual([
    ['ollama', `Ollama :${ollamaPort}`, 'settings'],
    [`proxy-${lmStudioPort + 1}`, `LM Studio :${lmStudioPort}`, 'discovered'],
  ]);
  await core.startMeteringProxy({ routeId: 'ollama' });
  const status = await core.startMeteringProxy({ routeId: `proxy-${lmStudioPort + 1}` });
  expect(status.routes?.map((r) => [r.running, r.url])).toEqual([
    [true, `http://127.0.0.1:${ollamaRoutePort}`],
    [true, `http://127.0.0.1:${lmStudioPort + 1}`],
  ]);

  // Two clients as their users configure them, streaming at the same time.
  const ollamaChat = (async () => {
    let text = '';
    for await (const part of await new Ollama({ host: `http://127.0.0.1:${ollamaRoutePort}` }).chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'hi' }], stream: true })) text += part.message.content;
    return text;
  })();
  const lmStudioChat = (async () => {
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${lmStudioPort + 1}/v1`, apiKey: 'lm-studio', maxRetries: 0 });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'qwen2.5-7b-instruct', messages: [{ role: 'user', content: 'hi' }], stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  })();
  expect(await Promise.all([ollamaChat, lmStudioChat])).toEqual([expect.stringContaining('tok29'), expect.stringContaining('tok24')]);

  await expect.poll(async () => (await core.getInferenceHistory({})).length).toBe(2);
  const history = await core.getInferenceHistory({});
  const byModel = Object.fromEntries(history.map((m) => [m.model, m]));
  expect(byModel['qwen3:8b']).toMatchObject({ source: 'proxy', server: `Ollama :${ollamaPort}`, backend: `Ollama :${ollamaPort}`, completionTokens: 30, outcome: 'completed' });
  expect(byModel['qwen2.5-7b-instruct']).toMatchObject({ source: 'proxy', server: `LM Studio :${lmStudioPort}`, completionTokens: 25, outcome: 'completed' });
  // Each generation's live readings carry its own id and its server.
  const serversById = new Map<number, Set<string | null | undefined>>();
  for (const r of live.filter((l) => l.running)) serversById.set(r.generationId, (serversById.get(r.generationId) ?? new Set()).add(r.server));
  expect([...serversById.values()].map((s) => [...s]).sort()).toEqual([[`LM Studio :${lmStudioPort}`], [`Ollama :${ollamaPort}`]]);

  // /metrics labels each server's runs apart.
  const metrics = await renderFleetMetrics(core);
  expect(metrics).toContain(`egpu_inference_ttft_seconds_count{model="qwen3:8b",server="Ollama :${ollamaPort}"} 1`);
  expect(metrics).toContain(`egpu_inference_ttft_seconds_count{model="qwen2.5-7b-instruct",server="LM Studio :${lmStudioPort}"} 1`);

  // A client may switch routes, never point one elsewhere.
  await expect(core.updateSettings({ inference: { proxy: { routes: [{ listen: 4000, target: 'http://evil.example' }] } } } as never)).rejects.toThrow();

  // Switched off by id: that route stops, the other keeps metering.
  const after = await core.stopMeteringProxy({ routeId: `proxy-${lmStudioPort + 1}` });
  expect(after.routes?.map((r) => r.running)).toEqual([true, false]);
  await expect(fetch(`http://127.0.0.1:${lmStudioPort + 1}/v1/models`)).rejects.toThrow();
  expect((await fetch(`http://127.0.0.1:${ollamaRoutePort}/api/tags`)).status).toBe(200);
  await expect(core.startMeteringProxy({ routeId: 'no-such-route' })).rejects.toThrow(/no metering route/);
});
