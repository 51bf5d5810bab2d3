// Metering proxy cost: added latency per streamed chunk (p50) and chunk throughput, each
// measured through the proxy and direct in the same run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startMeteringProxy } from '../src/core/inference/metering/metering-proxy';

export interface BenchRow {
  name: string;
  value: string;
  target: string;
}

const PACED_CHUNKS = 400;
const PACE_MS = 3;
const FLOOD_CHUNKS = 20_000;

async function backend(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const flood = req.url?.includes('flood');
    if (flood) {
      const line = 'data: {"choices":[{"delta":{"content":"tok "}}]}\n\n';
      for (let i = 0; i < FLOOD_CHUNKS; i += 1) res.write(line);
      res.end('data: [DONE]\n\n');
      return;
    }
    let i = 0;
    const tick = () => {
      if (i++ >= PACED_CHUNKS) return void res.end('data: [DONE]\n\n');
      // The send time rides in the chunk; client and backend share this process's clock.
      res.write(`data: {"choices":[{"delta":{"content":"${performance.now().toFixed(4)}"}}]}\n\n`);
      setTimeout(tick, PACE_MS);
    };
    tick();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function stream(url: string, onChunk: (text: string, at: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (text: string) => onChunk(text, performance.now()));
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
    req.end('{"model":"bench","stream":true}');
  });
}

async function latencies(url: string): Promise<number[]> {
  const out: number[] = [];
  await stream(`${url}/v1/chat/completions`, (text, at) => {
    for (const match of text.matchAll(/"content":"([0-9.]+)"/g)) out.push(at - Number(match[1]));
  });
  return out;
}

async function chunksPerSecond(url: string): Promise<number> {
  const ms = await stream(`${url}/v1/chat/completions?flood`, () => undefined);
  return (FLOOD_CHUNKS / ms) * 1000;
}

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function proxyBench(): Promise<BenchRow[]> {
  const be = await backend();
  let generations = 0;
  const proxy = await startMeteringProxy({ target: be.url, port: 0, onGeneration: () => (generations += 1) });
  try {
    const direct = p50(await latencies(be.url));
    const proxied = p50(await latencies(proxy.url));
    const directRate = await chunksPerSecond(be.url);
    const proxiedRate = await chunksPerSecond(proxy.url);
    if (generations !== 2) throw new Error(`proxy metered ${generations} generations, expected 2`);
    return [
      { name: `metering proxy: added latency per chunk, p50 of ${PACED_CHUNKS} (direct ${direct.toFixed(3)} ms)`, value: `${(proxied - direct).toFixed(3)} ms`, target: '< 1 ms' },
      { name: `metering proxy: chunks/s through the proxy (direct ${Math.round(directRate)})`, value: `${Math.round(proxiedRate)}`, target: '≥ 5000' },
    ];
  } finally {
    await proxy.close();
    await be.close();
  }
}

if (process.argv[1]?.endsWith('proxy.ts')) {
  for (const row of await proxyBench()) process.stdout.write(`${row.name}: ${row.value} (target ${row.target})\n`);
}
