// Web mode against clients that stop reading: the server holds at most a capped amount of unread
// replies per connection, closes such a client with 1008, and keeps serving everyone else.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { CLOSE_NOT_READING, startWebServer, type WebServer } from '../../src/cli/web-server';
import type { LoggerPort } from '../../src/core/platform/logger';
import { createFakeApi } from '../fakes/fake-api';
import { connect, timedGetState } from '../support/ws-load';
import { nonReadingClient, sendGetStates } from '../support/ws-raw-client';

const CAP = 64 * 1024;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function serve(): Promise<{ server: WebServer; warnings: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  const warnings: string[] = [];
  const log: LoggerPort = { debug: () => undefined, info: () => undefined, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) };
  const server = await startWebServer({ api: createFakeApi({}).api, rendererDir: dir, log, maxQueuedBytes: CAP });
  closers.push(() => server.close());
  return { server, warnings };
}

describe('WebSocket backpressure', () => {
  it('a client that sends 100,000 getState and never reads is closed, and the replies it left are not kept', async () => {
    const { server, warnings } = await serve();
    const client = await nonReadingClient(server);
    closers.push(() => void client.destroy());
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    await sendGetStates(client, 100_000, () => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)));
    await expect.poll(() => warnings.some((w) => w.includes('stopped reading')), { timeout: 10_000 }).toBe(true);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    // 100,000 replies of ~460 bytes are ~46 MB; what is held is the cap plus what was in flight.
    expect((peak - before) / 1024 / 1024).toBeLessThan(16);
    // Everyone else is still served.
    const other = await connect(server);
    closers.push(() => other.terminate());
    await timedGetState(other);
  }, 60_000);

  it('a client that pauses reading and comes back later finds the connection closed with 1008', async () => {
    const { server, warnings } = await serve();
    const ws: WebSocket = await connect(server);
    closers.push(() => ws.terminate());
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.pause();
    const message = JSON.stringify({ t: 'invoke', id: 1, command: 'getState', input: {} });
    for (let i = 0; i < 40_000 && !warnings.some((w) => w.includes('stopped reading')); i += 1) {
      ws.send(message);
      if (i % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await expect.poll(() => warnings.some((w) => w.includes('stopped reading')), { timeout: 10_000 }).toBe(true);
    ws.resume();
    expect(await closed).toBe(CLOSE_NOT_READING);
  }, 60_000);
});

describe('request lines Node accepts but a URL parser does not', () => {
  it('a plain request gets 400, not an internal error', async () => {
    const { server } = await serve();
    const socket = net.connect(server.port, '127.0.0.1');
    closers.push(() => void socket.destroy());
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.end(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    await new Promise((resolve) => socket.once('close', resolve));
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  });

  it('an upgrade is refused without taking the server down', async () => {
    const { server } = await serve();
    const socket = net.connect(server.port, '127.0.0.1');
    closers.push(() => void socket.destroy());
    socket.on('error', () => undefined);
    socket.end(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`);
    await new Promise((resolve) => socket.once('close', resolve));
    const ws = await connect(server);
    closers.push(() => ws.terminate());
    await timedGetState(ws);
  });
});
