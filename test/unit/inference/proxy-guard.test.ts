// The proxy's guard as pure functions: what is loopback, what status can be passed on, and that a
// handler that throws answers 502 instead of taking the server down.
import http from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { endToEndHeaders } from '../../../src/core/inference/metering/forward-headers';
import { guarded, isAllowedOrigin, isForwardableStatus, isLoopbackHost, upstreamHost } from '../../../src/core/inference/metering/proxy-guard';

describe('isLoopbackHost', () => {
  it('accepts the three loopback names with the listener’s port only', () => {
    for (const host of ['127.0.0.1:11435', 'localhost:11435', '[::1]:11435', 'LocalHost:11435']) expect(isLoopbackHost(host, 11435)).toBe(true);
    for (const host of [undefined, '', '127.0.0.1', 'localhost:11434', '127.0.0.2:11435', 'localhost.attacker.example:11435', '::1:11435', '127.0.0.1:11435:1'])
      expect(isLoopbackHost(host, 11435)).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it('allows no Origin and the proxy’s own, refuses every other', () => {
    expect(isAllowedOrigin(undefined, 11435)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:11435', 11435)).toBe(true);
    for (const origin of ['null', 'https://127.0.0.1:11435', 'http://127.0.0.1:3000', 'http://evil.example', 'http://localhost:11435.evil.example'])
      expect(isAllowedOrigin(origin, 11435)).toBe(false);
  });
});

describe('isForwardableStatus', () => {
  it('is true for 100–599 only', () => {
    expect([99, 100, 200, 599, 600, 0, undefined].map((s) => isForwardableStatus(s))).toEqual([false, true, true, true, false, false, false]);
  });
});

describe('upstreamHost', () => {
  it('keeps the client’s Host for a loopback backend and uses the backend’s name for one elsewhere', () => {
    expect(upstreamHost('localhost:11435', new URL('http://127.0.0.1:11434'))).toBe('localhost:11435');
    expect(upstreamHost('localhost:11435', new URL('https://gpu-box.lan:8443/v1'))).toBe('gpu-box.lan:8443');
  });
});

describe('endToEndHeaders', () => {
  it('drops fixed hop-by-hop headers, those a Connection header names (any case, several headers) and the extra names', () => {
    const raw = ['Host', 'a', 'Connection', 'X-One', 'connection', ' x-two ,keep-alive', 'X-ONE', '1', 'x-two', '2', 'TE', 'trailers', 'X-Keep', 'yes'];
    expect(endToEndHeaders(raw, ['host'])).toEqual(['X-Keep', 'yes']);
  });
});

describe('guarded', () => {
  it('answers 502 and reports the error when the handler throws', async () => {
    const onError = vi.fn();
    const server = http.createServer(
      guarded(() => {
        throw new Error('Protocol "https:" not supported');
      }, onError),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (server.address() as import('node:net').AddressInfo).port;
      const reply = await fetch(`http://127.0.0.1:${port}/`);
      expect(reply.status).toBe(502);
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'Protocol "https:" not supported' }));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
