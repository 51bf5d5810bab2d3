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
  expect(io2.errText).toContain('not reachable');
});
