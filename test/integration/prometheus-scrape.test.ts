// Fleet export end to end: Debian's prometheus scrapes web mode's /metrics with the session token
// as a bearer credential, and a measured tok/s series comes back through Prometheus's HTTP API.
// Where prometheus is not installed the test is skipped, saying why and how to install it (the run's
// summary line repeats it); CI installs it and fails on any skip.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { startWebServer, type WebServer } from '../../src/cli/web-server';
import { createCompanion } from '../../src/core/companion';
import { simBinDir, writeSimState } from '../../src/core/sim/sim-control';
import { startStreamServer, type StreamServer } from '../servers/stream-server';
import { freePort } from '../support/free-port';
import { spawnTracked, stopProcess } from '../support/started-processes';
import { findExecutable } from '../../src/core/platform/which';

const PROMETHEUS = (await findExecutable('prometheus')) ?? (await findExecutable('/usr/bin/prometheus'));
const PROMETHEUS_MISSING = 'prometheus not installed: apt-get install prometheus';

const QueryReplySchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});
const TargetsReplySchema = z.object({
  status: z.literal('success'),
  data: z.object({ activeTargets: z.array(z.object({ health: z.string(), lastError: z.string(), scrapeUrl: z.string() })) }),
});

async function getJson(url: string): Promise<unknown> {
  const reply = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return reply.json();
}

let backend: StreamServer | null = null;
let core: ReturnType<typeof createCompanion> | null = null;
let web: WebServer | null = null;
let prometheus: ChildProcess | null = null;
let prometheusLog = '';
let promBase = '';
let promDir: string | null = null;

beforeAll(async () => {
  if (PROMETHEUS === null) return;
  backend = await startStreamServer({ tokensPerSecond: 80, ttftMs: 40, tokens: 24 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-fleet-'));
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ version: 1, inference: { metricsExport: true, servers: [{ id: 'stream', name: 'Test server', dialect: 'openai', url: backend.openAiUrl }] } }),
  );
  const simStateFile = path.join(dataDir, 'sim-state.json');
  await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
  core = createCompanion({ dataDir, transport: 'web', demo: { simStateFile, simBinDir: simBinDir() } });
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  web = await startWebServer({ api: core, rendererDir });
  await core.start();

  // Prometheus re-reads credentials_file on every scrape, as the README's local setup relies on.
  promDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-prometheus-'));
  const tokenFile = path.join(promDir, 'egpu-token');
  writeFileSync(tokenFile, `${web.token}\n`, { mode: 0o600 });
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    '  - job_name: egpu',
    '    authorization:',
    '      type: Bearer',
    `      credentials_file: ${tokenFile}`,
    '    static_configs:',
    `      - targets: ['127.0.0.1:${web.port}']`,
    '',
  ].join('\n');
  writeFileSync(path.join(promDir, 'prometheus.yml'), config);
  const promPort = await freePort();
  promBase = `http://127.0.0.1:${promPort}`;
  prometheus = spawnTracked(
    PROMETHEUS,
    [`--config.file=${path.join(promDir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  prometheus.stderr?.on('data', (chunk: Buffer) => {
    prometheusLog = (prometheusLog + chunk.toString()).slice(-4000);
  });
}, 30_000);

afterAll(async () => {
  if (prometheus) await stopProcess(prometheus);
  await web?.close();
  await core?.stop();
  await backend?.close();
  if (promDir) rmSync(promDir, { recursive: true, force: true });
});

it('a measured generation shows up in Prometheus as egpu_ tok/s, device and driver series', async (ctx) => {
  ctx.skip(PROMETHEUS === null, PROMETHEUS_MISSING);
  const runs = await core!.runSpeedTest({ serverId: 'stream', model: 'llama3.1:8b', runs: 2 });
  expect(runs).toHaveLength(2);
  const measured = runs[runs.length - 1]!.tokensPerSecond!;
  expect(measured).toBeGreaterThan(0);

  const query = async (promql: string) => QueryReplySchema.parse(await getJson(`${promBase}/api/v1/query?query=${encodeURIComponent(promql)}`)).data.result;
  await expect
    .poll(async () => (await query('egpu_inference_last_tokens_per_second').catch(() => [])).length, { timeout: 40_000, interval: 500, message: `no tok/s series in Prometheus; its log: ${prometheusLog}` })
    .toBe(1);

  const [series] = await query('egpu_inference_last_tokens_per_second');
  expect(series!.metric).toMatchObject({ __name__: 'egpu_inference_last_tokens_per_second', job: 'egpu', model: 'llama3.1:8b', backend: 'Test server', on_egpu: 'false' });
  expect(Number(series!.value[1])).toBeCloseTo(measured, 6);
  const [median] = await query('egpu_inference_median_tokens_per_second');
  expect(Number(median!.value[1])).toBeGreaterThan(0);

  const targets = TargetsReplySchema.parse(await getJson(`${promBase}/api/v1/targets`)).data.activeTargets;
  expect(targets).toHaveLength(1);
  expect(targets[0]).toMatchObject({ health: 'up', lastError: '', scrapeUrl: `http://127.0.0.1:${web!.port}/metrics` });
  await expect.poll(async () => (await query('egpu_devices'))[0]?.value[1], { timeout: 10_000 }).toBe('1');
  expect((await query('egpu_driver_state{state="ready"}'))[0]?.value[1]).toBe('1');
}, 60_000);
