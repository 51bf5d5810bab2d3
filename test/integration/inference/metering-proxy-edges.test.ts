// The metering proxy's edges: who may use it (loopback Host, no foreign Origin), which headers cross
// it, what the client gets when the backend misbehaves, and https:// backends.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMeteringProxy, type MeteringProxy } from '../../../src/core/inference/metering/metering-proxy';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A backend that records what reached it and answers with extra headers the test chooses. */
async function recordingBackend(replyHeaders: Record<string, string> = {}): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', ...replyHeaders }).end('{"models":[]}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, seen };
}

/** A raw TCP backend that answers every request with exactly these bytes. */
async function rawBackend(reply: string): Promise<string> {
  const server = net.createServer((socket) => {
    socket.once('data', () => socket.end(reply));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function proxyTo(target: string): Promise<MeteringProxy> {
  const proxy = await startMeteringProxy({ target, port: 0 });
  closers.push(() => proxy.close());
  return proxy;
}

/** One request to the proxy with headers exactly as given (Host included), never hanging past 5 s. */
function ask(proxy: MeteringProxy, headers: Record<string, string>, pathname = '/api/tags'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: proxy.port, path: pathname, headers, setHost: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('the proxy did not answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

describe('Host', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST'])('serves a request whose Host is %s with the proxy port', async (name) => {
    const backend = await recordingBackend();
    const proxy = await proxyTo(backend.url);
    expect((await ask(proxy, { host: `${name}:${proxy.port}` })).status).toBe(200);
    expect(backend.seen).toHaveLength(1);
  });

  it.each([
    ['a DNS-rebinding name', (port: number) => `rebind.attacker.example:${port}`],
    ['a loopback name with another port', () => 'localhost:9'],
    ['a loopback name without a port', () => '127.0.0.1'],
    ['a LAN address', (port: number) => `192.168.1.20:${port}`],
  ])('refuses %s without reaching the backend', async (_label, host) => {
    const backend = await recordingBackend();
    const proxy = await proxyTo(backend.url);
    const reply = await ask(proxy, { host: host(proxy.port) });
    expect(reply.status).toBe(421);
    expect(reply.body).toContain('127.0.0.1, localhost or [::1]');
    expect(backend.seen).toEqual([]);
  });

  it('passes the client’s loopback Host on to a loopback backend, so the backend’s own check sees it', async () => {
    const backend = await recordingBackend();
    const proxy = await proxyTo(backend.url);
    await ask(proxy, { host: `localhost:${proxy.port}` });
    expect(backend.seen[0]?.headers.host).toBe(`localhost:${proxy.port}`);
  });
});

describe('Origin', () => {
  it.each(['https://evil.example', `http://rebind.attacker.example`, 'null', 'http://127.0.0.1:3000'])('a page on %s gets 403 and the backend is not reached', async (origin) => {
    const backend = await recordingBackend();
    const proxy = await proxyTo(backend.url);
    const reply = await ask(proxy, { host: `127.0.0.1:${proxy.port}`, origin });
    expect(reply.status).toBe(403);
    expect(backend.seen).toEqual([]);
  });

  it('serves clients without an Origin (SDKs, curl) and pages on the proxy’s own origin', async () => {
    const backend = await recordingBackend();
    const proxy = await proxyTo(backend.url);
    expect((await ask(proxy, { host: `127.0.0.1:${proxy.port}` })).status).toBe(200);
    expect((await ask(proxy, { host: `localhost:${proxy.port}`, origin: `http://localhost:${proxy.port}` })).status).toBe(200);
  });
});

describe('hop-by-hop headers', () => {
  it('drops the fixed set and every header the client’s Connection names, keeps the rest', async () => {
    const backend = await recordingBackend();
    const proxy = await proxyTo(backend.url);
    await ask(proxy, {
      host: `127.0.0.1:${proxy.port}`,
      connection: 'keep-alive, X-Hop-Secret, x-other-hop',
      'keep-alive': 'timeout=5',
      'x-hop-secret': 'for the proxy only',
      'x-other-hop': '1',
      'proxy-authorization': 'Basic abc',
      'x-end-to-end': 'kept',
    });
    const seen = backend.seen[0]!.headers;
    expect(seen['x-hop-secret']).toBeUndefined();
    expect(seen['x-other-hop']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen['keep-alive']).toBeUndefined();
    expect(seen['x-end-to-end']).toBe('kept');
  });

  it('drops the headers the backend’s Connection names from the reply', async () => {
    const backend = await recordingBackend({ connection: 'x-backend-hop', 'x-backend-hop': 'internal', 'x-model': 'kept' });
    const proxy = await proxyTo(backend.url);
    const reply = await ask(proxy, { host: `127.0.0.1:${proxy.port}` });
    expect(reply.headers['x-backend-hop']).toBeUndefined();
    expect(reply.headers['x-model']).toBe('kept');
  });
});

describe('a misbehaving backend', () => {
  it('an invalid status (HTTP/1.1 099) becomes 502 with a reason, and the proxy keeps serving', async () => {
    const proxy = await proxyTo(await rawBackend('HTTP/1.1 099 Odd\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi'));
    const reply = await ask(proxy, { host: `127.0.0.1:${proxy.port}` });
    expect(reply.status).toBe(502);
    expect(reply.body).toContain('invalid HTTP status (99)');
    expect((await ask(proxy, { host: `127.0.0.1:${proxy.port}` })).status).toBe(502);
  });

  it('a backend that is not HTTP at all becomes 502', async () => {
    const proxy = await proxyTo(await rawBackend('SSH-2.0-OpenSSH_9.6\r\n'));
    expect((await ask(proxy, { host: `127.0.0.1:${proxy.port}` })).status).toBe(502);
  });
});

describe('https:// backends', () => {
  /** A TLS backend with a fresh self-signed certificate for 127.0.0.1. */
  async function tlsBackend(): Promise<{ url: string; cert: string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-tls-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
      { stdio: 'ignore', timeout: 15_000 },
    );
    const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    const server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"tls":true,"host":${JSON.stringify(req.headers.host)}}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`, cert };
  }

  it('forwards over TLS to a backend whose certificate is trusted', async () => {
    const backend = await tlsBackend();
    // The test's certificate is trusted the way a user's own CA would be: by the agent, not by turning checks off.
    const before = https.globalAgent.options.ca;
    https.globalAgent.options.ca = backend.cert;
    closers.push(() => void (https.globalAgent.options.ca = before));
    const proxy = await proxyTo(backend.url);
    const reply = await ask(proxy, { host: `127.0.0.1:${proxy.port}` });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ tls: true });
  });

  it('an untrusted certificate is a 502 that says why, not a hung client', async () => {
    const backend = await tlsBackend();
    const proxy = await proxyTo(backend.url);
    const reply = await ask(proxy, { host: `127.0.0.1:${proxy.port}` });
    expect(reply.status).toBe(502);
    expect(reply.body).toMatch(/not reachable \(.*certificate/i);
  });

  it('a scheme other than http or https is refused when the proxy starts', async () => {
    await expect(startMeteringProxy({ target: 'ftp://127.0.0.1:21', port: 0 })).rejects.toThrow(/http:\/\/ or https:\/\//);
  });
});
