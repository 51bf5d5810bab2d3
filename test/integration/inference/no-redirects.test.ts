// Model lists, resident models and the VRAM figure are asked of a local server and of nothing else:
// a redirect is reported, never followed to where it points.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ollamaModels, ollamaResident, ollamaVersion } from '../../../src/core/inference/servers/ollama-backend';
import { openAiModels } from '../../../src/core/inference/servers/openai-backend';
import { ollamaVramUsedMB } from '../../../src/core/probe/ollama-vram';

let redirector: http.Server;
let elsewhere: http.Server;
let redirectUrl = '';
const hitsElsewhere: string[] = [];

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // Where a redirect would lead: it answers every question well, so following it would look like success.
  elsewhere = http.createServer((req, res) => {
    hitsElsewhere.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ version: '9.9.9', models: [{ name: 'stolen:8b', size: 1, size_vram: 1 }], data: [{ id: 'stolen' }] }));
  });
  const target = await listen(elsewhere);
  redirector = http.createServer((req, res) => res.writeHead(302, { location: `${target}${req.url ?? '/'}` }).end());
  redirectUrl = await listen(redirector);
});
afterAll(async () => {
  for (const server of [redirector, elsewhere]) await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('requests to local servers', () => {
  it.each([
    ['ollamaModels', () => ollamaModels(redirectUrl)],
    ['ollamaResident', () => ollamaResident(redirectUrl)],
    ['ollamaVersion', () => ollamaVersion(redirectUrl)],
    ['openAiModels', () => openAiModels(`${redirectUrl}/v1`)],
  ])('%s reports a redirect and does not follow it', async (_name, ask) => {
    const reply = await ask();
    expect(reply).toMatchObject({ ok: false, reason: 'http', status: 302 });
    expect(reply.ok ? '' : reply.message).toContain('redirect');
    expect(hitsElsewhere).toEqual([]);
  });

  it('the VRAM figure from Ollama is unknown rather than read from where a redirect points', async () => {
    expect(await ollamaVramUsedMB(redirectUrl)).toBeNull();
    expect(hitsElsewhere).toEqual([]);
  });
});
