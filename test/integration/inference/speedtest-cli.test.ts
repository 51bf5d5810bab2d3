import { afterEach, expect, it } from 'vitest';
import { runSpeedtestCli } from '../../../src/cli/speedtest';
import { startStreamServer, type StreamServer } from '../../servers/stream-server';

let server: StreamServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function capture() {
  const io = { outText: '', errText: '', out: (t: string) => void (io.outText += t), err: (t: string) => void (io.errText += t) };
  return io;
}

it('--json prints per-run and median tokensPerSecond, ttftMs, promptTokensPerSecond and counts', async () => {
  server = await startStreamServer({ tokensPerSecond: 60, ttftMs: 80, tokens: 15 });
  const io = capture();
  const code = await runSpeedtestCli({ values: { backend: 'openai', url: server.openAiUrl, model: 'qwen3:8b', runs: '2', json: true }, positionals: [] }, io);
  expect(code).toBe(0);
  const doc = JSON.parse(io.outText) as { backend: string; model: string; median: { tokensPerSecond: number; ttftMs: number }; runs: { completionTokens: number; promptTokensPerSecond: number }[] };
  expect(doc).toMatchObject({ backend: 'openai', model: 'qwen3:8b' });
  expect(doc.runs).toHaveLength(2);
  expect(doc.runs[0]!.completionTokens).toBe(15);
  expect(doc.runs[0]!.promptTokensPerSecond).toBeGreaterThan(0);
  expect(Math.abs(doc.median.tokensPerSecond - 60) / 60).toBeLessThan(0.05);
});

it('exits 2 with one line for an unknown model and for an unreachable server', async () => {
  server = await startStreamServer({ tokensPerSecond: 60, ttftMs: 10, tokens: 3 });
  const io = capture();
  expect(await runSpeedtestCli({ values: { backend: 'ollama', url: server.url, model: 'ghost:70b' }, positionals: [] }, io)).toBe(2);
  expect(io.errText.trim().split('\n')).toHaveLength(1);
  expect(io.errText).toContain('ghost:70b');
  const url = server.url;
  await server.close();
  server = null;
  const io2 = capture();
  expect(await runSpeedtestCli({ values: { backend: 'ollama', url }, positionals: [] }, io2)).toBe(2);
  expect(io2.errText.trim().split('\n')).toHaveLength(1);
  expect(io2.errText).toBe(`egpu-companion: speedtest: cannot connect to ${new URL(url).host} (connection refused)\n`);
});

it('finds llama.cpp and its /v1 base from a bare --url, and says the run used the Apple GPU', async () => {
  server = await startStreamServer({ tokensPerSecond: 80, ttftMs: 20, tokens: 8, persona: 'llamacpp' });
  const io = capture();
  expect(await runSpeedtestCli({ values: { url: server.url, runs: '1' }, positionals: [] }, io)).toBe(0);
  expect(io.errText).toBe('');
  expect(io.outText.split('\n')[0]).toBe(`llama3.1:8b via llama.cpp at ${server.url}/v1 · Apple GPU (baseline)`);
  expect(server.requests.map((r) => r.dialect)).toEqual(['openai', 'openai']);
});

it('finds Ollama from its URL, even written with /v1, and reports the GPU in JSON', async () => {
  server = await startStreamServer({ tokensPerSecond: 80, ttftMs: 20, tokens: 8 });
  const io = capture();
  expect(await runSpeedtestCli({ values: { url: `${server.url}/v1/`, runs: '1', json: true }, positionals: [] }, io)).toBe(0);
  expect(JSON.parse(io.outText)).toMatchObject({ backend: 'ollama', server: 'ollama', onEgpu: false, gpu: 'Apple GPU (baseline)', url: server.url });
});

it('adds /v1 to an OpenAI-compatible URL given without it, with --backend openai', async () => {
  server = await startStreamServer({ tokensPerSecond: 80, ttftMs: 20, tokens: 8, persona: 'lmstudio' });
  const io = capture();
  expect(await runSpeedtestCli({ values: { backend: 'openai', url: server.url, runs: '1' }, positionals: [] }, io)).toBe(0);
  expect(io.outText.split('\n')[0]).toBe(`llama3.1:8b via LM Studio at ${server.url}/v1 · Apple GPU (baseline)`);
});

it('says what answers when it is not an inference server', async () => {
  const http = await import('node:http');
  const page = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'));
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', () => resolve()));
  const { port } = page.address() as import('node:net').AddressInfo;
  const io = capture();
  try {
    expect(await runSpeedtestCli({ values: { url: `http://127.0.0.1:${port}` }, positionals: [] }, io)).toBe(2);
    expect(io.errText).toBe(`egpu-companion: speedtest: 127.0.0.1:${port} is not an inference server: pass --backend ollama or --backend openai if it is one\n`);
  } finally {
    await new Promise<void>((resolve) => page.close(() => resolve()));
  }
});
