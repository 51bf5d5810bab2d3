// /metrics after metered traffic: Debian's promtool accepts the whole exposition, and the TTFT
// histogram and tok/s summary count exactly the generations that went through each route.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/cli/web-server';
import { createCompanion } from '../../src/core/companion';
import { runGeneration } from '../../src/core/inference/metering/generation-client';
import { TTFT_BUCKETS_SECONDS } from '../../src/core/metrics/histograms';
import { startStreamServer, type StreamServer } from '../servers/stream-server';
import { freePort } from '../support/free-port';
import { findExecutable } from '../../src/core/platform/which';

const PROMTOOL = (await findExecutable('promtool')) ?? (await findExecutable('/usr/bin/promtool'));
/** Said in the summary line when this machine has no promtool. */
const PROMTOOL_MISSING = 'promtool not installed: apt-get install prometheus';
let backend: StreamServer;
let core: ReturnType<typeof createCompanion>;
let web: WebServer;
let routePort: number;

beforeAll(async () => {
  if (PROMTOOL === null) return;
  backend = await startStreamServer({ tokensPerSecond: 120, ttftMs: 120, tokens: 12 });
  routePort = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-distributions-'));
  const settings = { version: 2, inference: { metricsExport: true, proxy: { routes: [{ id: 'ollama', listen: routePort, target: backend.url }] }, discovery: { enabled: false, ports: [] } } };
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  core = createCompanion({ dataDir, transport: 'web' });
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  web = await startWebServer({ api: core, rendererDir });
  await core.start();
});
afterAll(async () => {
  await web?.close();
  await core?.stop();
  await backend?.close();
});

async function scrape(): Promise<string> {
  const reply = await fetch(`http://127.0.0.1:${web.port}/metrics`, { headers: { authorization: `Bearer ${web.token}` } });
  expect(reply.status).toBe(200);
  return reply.text();
}

function promtoolCheck(text: string): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL!, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 10_000, maxBuffer: 1024 * 1024 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const sample = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
};

it('promtool accepts /metrics before any traffic: the histogram and summary say HELP and TYPE', async (ctx) => {
  ctx.skip(PROMTOOL === null, PROMTOOL_MISSING);
  const text = await scrape();
  expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  expect(text).toContain('# TYPE egpu_inference_ttft_seconds histogram');
  expect(text).toContain('# TYPE egpu_inference_tokens_per_second summary');
});

it('after five metered runs of two models the histogram counts each run once, in the right buckets', async (ctx) => {
  ctx.skip(PROMTOOL === null, PROMTOOL_MISSING);
  await core.startMeteringProxy({ routeId: 'ollama' });
  const runs = [...Array(3).fill('qwen3:8b'), ...Array(2).fill('llama3.1:8b')] as string[];
  for (const model of runs) {
    const reply = await runGeneration({ dialect: 'ollama', baseUrl: `http://127.0.0.1:${routePort}`, model, prompt: 'hi' });
    expect(reply.ok).toBe(true);
  }
  await expect.poll(async () => (await core.getInferenceHistory({})).length).toBe(runs.length);

  const text = await scrape();
  expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  const server = `127.0.0.1:${new URL(backend.url).port}`;
  const series = (model: string) => `{model="${model}",server="${server}"}`;
  expect(sample(text, `egpu_inference_ttft_seconds_count${series('qwen3:8b')}`)).toBe(3);
  expect(sample(text, `egpu_inference_ttft_seconds_count${series('llama3.1:8b')}`)).toBe(2);
  expect(sample(text, `egpu_inference_tokens_per_second_count${series('qwen3:8b')}`)).toBe(3);
  // A 120 ms first token: not yet in the 0.1 s bucket, always by 0.5 s (a loaded machine adds tens of ms, not hundreds).
  expect(TTFT_BUCKETS_SECONDS[0]).toBe(0.05);
  expect(TTFT_BUCKETS_SECONDS.at(-1)).toBe(10);
  expect(sample(text, `egpu_inference_ttft_seconds_bucket{le="0.1",model="qwen3:8b",server="${server}"}`)).toBe(0);
  expect(sample(text, `egpu_inference_ttft_seconds_bucket{le="0.5",model="qwen3:8b",server="${server}"}`)).toBe(3);
  expect(sample(text, `egpu_inference_ttft_seconds_bucket{le="+Inf",model="qwen3:8b",server="${server}"}`)).toBe(3);
});
