// The web-mode bridge: token gate, host/origin checks, schema validation of every message.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../src/cli/web-server';
import { ServerMessageSchema, WS_PROTOCOL, tokenProtocol, type ServerMessage } from '../../src/core/api/ws-protocol';
import { createFakeApi, SAMPLE_STATE, type FakeApi } from '../fakes/fake-api';

function rendererFixture(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  return dir;
}

function wsUrl(server: WebServer, token: string | null): { url: string; protocols: string[] } {
  return { url: `ws://127.0.0.1:${server.port}${server.wsPath}`, protocols: token === null ? [WS_PROTOCOL] : [WS_PROTOCOL, tokenProtocol(token)] };
}

function openSocket(target: { url: string; protocols: string[] }, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target.url, target.protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, predicate: (message: ServerMessage) => boolean = () => true): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = ServerMessageSchema.parse(JSON.parse(data.toString()));
      if (!predicate(message)) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

describe('web-mode bridge', () => {
  let fake: FakeApi;
  let server: WebServer;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    fake = createFakeApi({ dismissNotice: () => ({ ok: true }) });
    server = await startWebServer({ api: fake.api, rendererDir: rendererFixture() });
  });
  afterEach(async () => {
    sockets.forEach((ws) => ws.terminate());
    sockets.length = 0;
    await server.close();
  });

  it('serves the page and assets only under the session path, and never sets a cookie', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('set-cookie')).toBeNull();
    const asset = await fetch(`${base}${server.basePath}app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('set-cookie')).toBeNull();
    for (const wrong of ['/', '/app.js', `/${'A'.repeat(24)}/`, `/${'A'.repeat(24)}/app.js`, `${server.basePath.slice(0, -2)}/app.js`]) {
      expect((await fetch(`${base}${wrong}`)).status).toBe(404);
    }
    // The token alone opens nothing: it is for the API, not the page.
    expect((await fetch(`${base}/?token=${server.token}`)).status).toBe(404);
  });

  it('does not serve files outside the renderer folder', async () => {
    const base = `http://127.0.0.1:${server.port}${server.basePath}`;
    expect((await fetch(`${base}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${base}%E0%A4%A`)).status).toBe(404);
  });

  it('rejects a WebSocket without the token, with a wrong token, or from another origin', async () => {
    await expect(openSocket(wsUrl(server, null))).rejects.toThrow('401');
    await expect(openSocket(wsUrl(server, 'not-the-token'))).rejects.toThrow('401');
    await expect(openSocket(wsUrl(server, server.token), { Origin: 'http://evil.example' })).rejects.toThrow('401');
    await expect(openSocket({ url: `ws://127.0.0.1:${server.port}/api`, protocols: [WS_PROTOCOL, tokenProtocol(server.token)] })).rejects.toThrow('401');
    await expect(openSocket({ url: `ws://127.0.0.1:${server.port}${server.wsPath}?token=${server.token}`, protocols: [] })).rejects.toThrow('401');
    expect(fake.calls).toHaveLength(0);
  });

  it('runs a valid command and returns its result', async () => {
    const ws = await openSocket(wsUrl(server, server.token));
    sockets.push(ws);
    const reply = nextMessage(ws, (m) => m.t === 'result');
    ws.send(JSON.stringify({ t: 'invoke', id: 1, command: 'getState', input: {} }));
    expect(await reply).toEqual({ t: 'result', id: 1, result: { ok: true, value: SAMPLE_STATE } });
  });

  it('refuses a command whose payload fails its schema, without calling the core', async () => {
    const ws = await openSocket(wsUrl(server, server.token));
    sockets.push(ws);
    const reply = nextMessage(ws, (m) => m.t === 'result');
    ws.send(JSON.stringify({ t: 'invoke', id: 7, command: 'dismissNotice', input: { id: 42, extra: true } }));
    const message = await reply;
    expect(message.t === 'result' && message.result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses unknown commands, unknown events and messages outside the protocol', async () => {
    const ws = await openSocket(wsUrl(server, server.token));
    sockets.push(ws);
    const unknown = nextMessage(ws, (m) => m.t === 'result');
    ws.send(JSON.stringify({ t: 'invoke', id: 2, command: 'runShell', input: { cmd: 'rm -rf /' } }));
    const message = await unknown;
    expect(message.t === 'result' && message.result).toMatchObject({ ok: false, error: { code: 'unknown-command' } });

    const badEvent = nextMessage(ws, (m) => m.t === 'error');
    ws.send(JSON.stringify({ t: 'subscribe', event: 'everything' }));
    expect(await badEvent).toMatchObject({ t: 'error' });

    const notJson = nextMessage(ws, (m) => m.t === 'error');
    ws.send('{not json');
    expect(await notJson).toEqual({ t: 'error', message: 'message is not JSON' });

    const offProtocol = nextMessage(ws, (m) => m.t === 'error');
    ws.send(JSON.stringify({ t: 'invoke', id: -1, command: 'getState' }));
    expect(await offProtocol).toEqual({ t: 'error', message: 'message does not match the protocol' });
    expect(fake.calls).toHaveLength(0);
  });

  it('sends the current state on subscribe, then pushes events until unsubscribed', async () => {
    const ws = await openSocket(wsUrl(server, server.token));
    sockets.push(ws);
    const initial = nextMessage(ws, (m) => m.t === 'event');
    ws.send(JSON.stringify({ t: 'subscribe', event: 'state' }));
    expect(await initial).toEqual({ t: 'event', event: 'state', payload: SAMPLE_STATE });
    await expect.poll(() => fake.listenerCount('state')).toBe(1);

    const pushed = nextMessage(ws, (m) => m.t === 'event');
    fake.emit('state', { ...SAMPLE_STATE, tray: 'disconnected' });
    expect(await pushed).toMatchObject({ payload: { tray: 'disconnected' } });

    ws.send(JSON.stringify({ t: 'unsubscribe', event: 'state' }));
    await expect.poll(() => fake.listenerCount('state')).toBe(0);
  });

  it('refuses a settings patch that carries an executable path or a server URL, and a chooser for an unknown tool', async () => {
    const ws = await openSocket(wsUrl(server, server.token));
    sockets.push(ws);
    const inputs = [
      ['updateSettings', { monitor: { paths: { tinygpu: '/tmp/evil' } } }],
      ['updateSettings', { monitor: { ollamaUrl: 'http://attacker.test/' } }],
      ['chooseProbePath', { tool: 'bash' }],
      ['chooseProbePath', { tool: 'tinygpu', path: '/tmp/evil' }],
    ] as const;
    for (const [index, [command, input]] of inputs.entries()) {
      const reply = nextMessage(ws, (m) => m.t === 'result' && m.id === 100 + index);
      ws.send(JSON.stringify({ t: 'invoke', id: 100 + index, command, input }));
      const message = await reply;
      expect(message.t === 'result' && message.result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('drops its subscriptions when the tab closes', async () => {
    const ws = await openSocket(wsUrl(server, server.token));
    ws.send(JSON.stringify({ t: 'subscribe', event: 'monitorEvent' }));
    await expect.poll(() => fake.listenerCount('monitorEvent')).toBe(1);
    ws.close();
    await expect.poll(() => fake.listenerCount('monitorEvent')).toBe(0);
  });
});
