// Discovery against real local HTTP servers on ephemeral ports: every recorded dialect, a port with
// nothing behind it, and servers that stall, speak garbage or reset. Each gets its own row and word;
// none of them delays or breaks the others.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceServer } from '../../../src/core/api/inference';
import { formatServerRates } from '../../../src/core/api/present';
import { InferenceSettingsSchema } from '../../../src/core/api/settings';
import { createCompanion } from '../../../src/core/companion';
import { createServerWatch } from '../../../src/core/inference/servers/server-discovery';
import { identifyAt, PROBE_TIMEOUT_MS } from '../../../src/core/inference/servers/server-probe';
import { renderFleetMetrics } from '../../../src/core/metrics/fleet-metrics';
import { allServerFixtures } from '../../fixtures/inference/servers/fixtures';
import { FakeClock } from '../../support/fake-clock';
import {
  closedPort,
  startFixtureServer,
  startGarbageServer,
  startLlamaCppWithMetrics,
  startResettingServer,
  startStallingServer,
  startVllmWithMetrics,
  type TestServer,
} from '../../servers/dialect-server';

const started: TestServer[] = [];
async function track<T extends TestServer>(server: Promise<T>): Promise<T> {
  const s = await server;
  started.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

describe('identifying servers over HTTP', () => {
  it('tells every recorded dialect apart', async () => {
    const fixtures = allServerFixtures();
    const servers = await Promise.all(fixtures.map((f) => track(startFixtureServer(f))));
    const identities = await Promise.all(servers.map((s) => identifyAt(s.origin)));
    identities.forEach((identity, i) => expect({ fixture: fixtures[i]!.name, ...identity }).toEqual({ fixture: fixtures[i]!.name, ...fixtures[i]!.expect }));
  });

  it('says down for nothing listening, slow for a stall, unrecognised for garbage and resets — each within its timeout', async () => {
    const [stall, garbage, reset, nothing] = await Promise.all([track(startStallingServer()), track(startGarbageServer()), track(startResettingServer()), closedPort()]);
    const t0 = performance.now();
    const [a, b, c, d] = await Promise.all([
      identifyAt(`http://127.0.0.1:${nothing}`, { timeoutMs: 400 }),
      identifyAt(stall.origin, { timeoutMs: 400 }),
      identifyAt(garbage.origin, { timeoutMs: 400 }),
      identifyAt(reset.origin, { timeoutMs: 400 }),
    ]);
    expect([a.state, b.state, c.state, d.state]).toEqual(['down', 'slow', 'unrecognised', 'unrecognised']);
    expect(performance.now() - t0).toBeLessThan(400 + 1500);
    expect(stall.hits()).toBe(1);
  });
});

describe('llama.cpp /metrics on the watch schedule', () => {
  it('shows prompt and generation tok/s from the counters between two checks', async () => {
    const llama = await track(startLlamaCppWithMetrics());
    const clock = new FakeClock(Date.now());
    const inference = InferenceSettingsSchema.parse({ discovery: { ports: [{ port: llama.port, expect: 'llamacpp' }] }, tinygrad: { port: llama.port } });
    const watch = createServerWatch({ inference: () => inference, onChange: () => undefined, clock });
    llama.generate(200, 0.5, 100, 4);
    const [first] = await watch.fresh();
    expect(first).toMatchObject({ kind: 'llamacpp', state: 'up', version: 'b6097-9a96352', rates: null });
    llama.generate(900, 1.5, 420, 10.5);
    await clock.advance(10_000);
    const [second] = await watch.fresh();
    expect(second!.rates).toMatchObject({ promptTokensPerSecond: 600, tokensPerSecond: 40 });
    await watch.stop();
  });
});

describe("vLLM's /metrics on the watch schedule", () => {
  const exposition = (name: string) => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/inference/vllm', name), 'utf8');

  it('shows generation and prompt tok/s and the mean TTFT between two checks, and reads /metrics only when a check runs', async () => {
    const vllm = await track(startVllmWithMetrics([exposition('metrics-before.txt'), exposition('metrics-after.txt')]));
    const clock = new FakeClock(Date.now());
    const inference = InferenceSettingsSchema.parse({ discovery: { ports: [{ port: vllm.port, expect: 'vllm' }] }, tinygrad: { port: vllm.port } });
    const watch = createServerWatch({ inference: () => inference, onChange: () => undefined, clock });
    const [first] = await watch.fresh();
    expect(first).toMatchObject({ kind: 'vllm', state: 'up', rates: null });
    expect(vllm.metricsReads()).toBe(1);
    // Nobody looks: time passes, nothing is read.
    await clock.advance(5 * 60_000);
    expect(vllm.metricsReads()).toBe(1);
    vllm.next();
    const [second] = await watch.fresh();
    expect(vllm.metricsReads()).toBe(2);
    expect(second!.rates!.tokensPerSecond).toBeCloseTo(40, 6);
    expect(second!.rates!.promptTokensPerSecond).toBeCloseTo(300, 6);
    expect(second!.rates!.ttftMs).toBeCloseTo(180, 6);
    expect(formatServerRates(second!.rates)).toBe('prompt 300 tok/s · gen 40.0 tok/s · TTFT 180 ms');
    await watch.stop();
  });
});

describe('discovery in the app', () => {
  let dataDir: string;
  let core: ReturnType<typeof createCompanion>;
  const ports: Record<string, number> = {};
  const published: InferenceServer[][] = [];

  beforeAll(async () => {
    const [ollama, llama, tinygrad, stall, reset, nothing] = await Promise.all([
      track(startFixtureServer('ollama')),
      track(startFixtureServer('llamacpp-loading')),
      track(startFixtureServer('tinygrad')),
      track(startStallingServer()),
      track(startResettingServer()),
      closedPort(),
    ]);
    Object.assign(ports, { ollama: ollama.port, llama: llama.port, tinygrad: tinygrad.port, stall: stall.port, reset: reset.port, nothing });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-discovery-'));
    const discovery = {
      ports: [
        { port: ollama.port, expect: 'ollama' },
        { port: llama.port, expect: 'llamacpp' },
        { port: stall.port, expect: 'lmstudio' },
        { port: reset.port, expect: 'llamacpp' },
        { port: nothing, expect: 'lmstudio' },
      ],
    };
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, inference: { discovery, tinygrad: { port: tinygrad.port } } }));
    core = createCompanion({ dataDir, transport: 'direct' });
    core.on('inferenceServers', ({ servers }) => published.push(servers));
    await core.start();
  });
  afterAll(async () => {
    await core?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const hits = () => started.reduce((sum, server) => sum + server.hits(), 0);
  const allChecked = (servers: InferenceServer[] | undefined) => servers !== undefined && servers.length > 0 && servers.every((s) => s.checkedAt !== null);

  it('answers the status at once while a stalled server is still being asked, and pushes the rows when the check ends', async () => {
    // The start-up check is still waiting on the stalled port: the status does not wait with it.
    const t0 = performance.now();
    const status = await core.getInferenceStatus({});
    expect(performance.now() - t0).toBeLessThan(PROBE_TIMEOUT_MS);
    expect(allChecked(status.servers)).toBe(false);
    await expect.poll(() => allChecked(published.at(-1)), { timeout: PROBE_TIMEOUT_MS * 4 + 2000 }).toBe(true);
  });

  it('lists each server with its state, kind and device; a stall costs one timeout, not the others', async () => {
    const { servers } = await core.getInferenceStatus({});
    const byPort = (port: number) => servers.find((s) => s.url.startsWith(`http://127.0.0.1:${port}`));
    expect(byPort(ports.ollama!)).toMatchObject({ id: `port-${ports.ollama}`, kind: 'ollama', state: 'up', version: '0.11.4', device: 'apple-gpu', discovered: true });
    expect(byPort(ports.llama!)).toMatchObject({ kind: 'llamacpp', state: 'loading', device: 'apple-gpu' });
    expect(byPort(ports.tinygrad!)).toMatchObject({ id: `port-${ports.tinygrad}`, kind: 'tinygrad', state: 'up', device: 'egpu' });
    expect(byPort(ports.stall!)).toMatchObject({ state: 'slow' });
    expect(byPort(ports.reset!)).toMatchObject({ state: 'unrecognised' });
    expect(byPort(ports.nothing!)).toMatchObject({ state: 'down' });
    expect(servers.filter((s) => s.device === 'egpu').map((s) => s.kind)).toEqual(['tinygrad']);
  });

  it('exports egpu_inference_server_up for Prometheus, and a scrape asks no server anything', async () => {
    const before = hits();
    const text = await renderFleetMetrics(core);
    expect(text).toContain(`egpu_inference_server_up{server="port-${ports.ollama}",kind="ollama"} 1`);
    expect(text).toContain(`egpu_inference_server_up{server="port-${ports.tinygrad}",kind="tinygrad"} 1`);
    expect(text).toMatch(new RegExp(`egpu_inference_server_up\\{server="port-${ports.llama}",kind="llamacpp"\\} 0`));
    await renderFleetMetrics(core);
    expect(hits()).toBe(before);
  });

  it('compares speeds without asking any server', async () => {
    const before = hits();
    await core.getSpeedComparison({});
    expect(hits()).toBe(before);
  });

  it('tells listeners after the start-up check, and a refresh within 10 s asks no server again', async () => {
    await expect.poll(() => published.length).toBeGreaterThan(0);
    expect(published.at(-1)!.find((s) => s.id === `port-${ports.ollama}`)?.state).toBe('up');
    const ollama = started.find((s) => s.port === ports.ollama)!;
    const asked = () => ollama.paths().filter((p) => p === '/api/version').length;
    const before = asked();
    await core.refresh({});
    await core.getInferenceStatus({});
    expect(asked()).toBe(before);
  });
});
