// The metering proxy must be invisible to clients (same bytes, same headers, same streaming,
// cancellation passed on) while it measures the generations going through it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runGeneration } from '../../../src/core/inference/metering/generation-client';
import { startMeteringProxy, type MeteringProxy } from '../../../src/core/inference/metering/metering-proxy';
import type { GenerationResult } from '../../../src/core/inference/types';
import { startStreamServer, type StreamServer } from '../../servers/stream-server';
import { startStreamServerProcess, type StreamServerProcess } from '../../servers/stream-server-process';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A backend whose replies are the same bytes every time, in several writes with pauses. */
async function fixedBackend(): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('latin1')));
    req.on('end', () => {
      if (req.url === '/plain') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-custom': 'A', 'set-cookie': ['a=1', 'b=2'], 'content-length': 16 });
        res.end('{"echo":"plain"}');
        return;
      }
      res.writeHead(201, 'Created Here', { 'content-type': 'text/event-stream', 'x-request-body-bytes': String(body.length) });
      const parts = ['data: {"choices":[{"delta":{"content":"é"}}]}\n', '\ndata: [DO', 'NE]\n\n', '\u0000\u00ff'];
      let i = 0;
      const next = () => (i < parts.length ? (res.write(Buffer.from(parts[i++]!, i === 4 ? 'latin1' : 'utf8')), setTimeout(next, 15)) : res.end());
      next();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function fetchRaw(url: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; message: string; headers: string[]; body: Buffer; writes: number }>((resolve, reject) => {
    const req = http.request(url, { method: init?.method ?? 'GET', headers: init?.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, message: res.statusMessage!, headers: endToEnd(res.rawHeaders), body: Buffer.concat(chunks), writes: chunks.length }));
    });
    req.on('error', reject);
    req.end(init?.body);
  });
}

function endToEnd(raw: string[]): string[] {
  const hop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!hop.has(raw[i]!.toLowerCase())) out.push(`${raw[i]}: ${raw[i + 1]}`);
  return out;
}

async function proxyTo(target: string, extra: Partial<Parameters<typeof startMeteringProxy>[0]> = {}): Promise<MeteringProxy> {
  const proxy = await startMeteringProxy({ target, port: 0, ...extra });
  closers.push(() => proxy.close());
  return proxy;
}

describe('transparency', () => {
  it('streaming and plain replies are byte-identical through the proxy and direct, headers and status too', async () => {
    const backend = await fixedBackend();
    const proxy = await proxyTo(backend);
    for (const [path, init] of [
      ['/v1/chat/completions', { method: 'POST', body: '{"model":"m","stream":true}', headers: { 'content-type': 'application/json', 'x-client': 'yes' } }],
      ['/plain', undefined],
    ] as const) {
      const direct = await fetchRaw(`${backend}${path}`, init);
      const through = await fetchRaw(`${proxy.url}${path}`, init);
      expect(through.body.equals(direct.body)).toBe(true);
      expect(through.status).toBe(direct.status);
      expect(through.message).toBe(direct.message);
      expect(through.headers).toEqual(direct.headers);
    }
  });

  it('passes request bodies and headers to the backend unchanged', async () => {
    const server: StreamServer = await startStreamServer({ tokensPerSecond: 200, ttftMs: 5, tokens: 3 });
    closers.push(() => server.close());
    const proxy = await proxyTo(server.url);
    const body = JSON.stringify({ model: 'qwen3:8b', prompt: 'Explain CUDA in one paragraph ✓', stream: true });
    await fetchRaw(`${proxy.url}/api/generate`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(server.bodies).toEqual([body]);
  });

  it('refuses oversized headers and bodies without reaching the backend', async () => {
    const server: StreamServer = await startStreamServer({ tokensPerSecond: 200, ttftMs: 5, tokens: 3 });
    closers.push(() => server.close());
    const proxy = await proxyTo(server.url, { maxHeaderBytes: 2048, maxBodyBytes: 1000 });
    expect((await fetchRaw(`${proxy.url}/api/tags`, { headers: { 'x-big': 'a'.repeat(4000) } })).status).toBe(431);
    expect((await fetchRaw(`${proxy.url}/api/generate`, { method: 'POST', body: 'x'.repeat(5000), headers: { 'content-type': 'application/json' } })).status).toBe(413);
    expect(server.bodies).toEqual([]);
  });

  it('answers 502 when the backend is down', async () => {
    const proxy = await proxyTo('http://127.0.0.1:9');
    expect((await fetchRaw(`${proxy.url}/api/tags`)).status).toBe(502);
  });
});

describe('metering', () => {
  let remote: StreamServerProcess;
  beforeAll(async () => {
    remote = await startStreamServerProcess({ tokensPerSecond: 40, ttftMs: 150, tokens: 100 });
  }, 30_000);
  afterAll(async () => remote.close());

  it.each(['openai', 'ollama'] as const)('%s: records tok/s within ±2 % and TTFT within ±20 ms of what the server sent', async (dialect) => {
    await remote.setScenario({ tokensPerSecond: 40, ttftMs: 150, tokens: 100, reasoningTokens: dialect === 'openai' ? 5 : 0 });
    const recorded: GenerationResult[] = [];
    const live: number[] = [];
    const proxy = await proxyTo(remote.url, { onGeneration: (r) => recorded.push(r), onLive: (_id, _m, r) => live.push(r.tokens) });
    const reply = await runGeneration({ dialect, baseUrl: dialect === 'openai' ? `${proxy.url}/v1` : proxy.url, model: 'qwen3:8b', prompt: 'hi' });
    expect(reply.ok).toBe(true);
    await expect.poll(() => recorded.length).toBe(1);
    const [truth] = await remote.truth();
    const r = recorded[0]!;
    expect(r).toMatchObject({ model: 'qwen3:8b', outcome: 'completed', completionTokens: 100, estimated: false });
    expect(Math.abs(r.tokensPerSecond! - truth!.sentTokensPerSecond!) / truth!.sentTokensPerSecond!).toBeLessThanOrEqual(0.02);
    expect(Math.abs(r.ttftMs! - (truth!.firstTokenWallMs! - r.startedAtMs))).toBeLessThanOrEqual(20);
    // Live readings came while it streamed, with a growing token count.
    expect(live.length).toBeGreaterThan(5);
    expect(live[live.length - 1]!).toBeGreaterThan(live[0]!);
  });

  it('a client that disconnects mid-stream cancels the backend request and is recorded as cancelled', async () => {
    await remote.setScenario({ tokensPerSecond: 50, ttftMs: 20, tokens: 200 });
    const recorded: GenerationResult[] = [];
    const proxy = await proxyTo(remote.url, { onGeneration: (r) => recorded.push(r) });
    const controller = new AbortController();
    await runGeneration({
      dialect: 'openai',
      baseUrl: `${proxy.url}/v1`,
      model: 'qwen3:8b',
      prompt: 'hi',
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'delta' && e.content === 'tok5 ') controller.abort();
      },
    });
    await expect.poll(() => recorded.length).toBe(1);
    expect(recorded[0]!.outcome).toBe('cancelled');
    await expect.poll(async () => (await remote.truth())[0]?.clientClosed).toBe(true);
    expect((await remote.truth())[0]!.tokenTimes.length).toBeLessThan(200);
  });
});
