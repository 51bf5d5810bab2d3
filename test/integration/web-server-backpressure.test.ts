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
import { WS_PROTOCOL, tokenProtocol } from '../../src/core/api/ws-protocol';
import type { LoggerPort } from '../../src/core/platform/logger';
import { createFakeApi } from '../fakes/fake-api';
import { connect, timedGetState } from '../support/ws-load';

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

/** A client frame as RFC 6455 §5.2 has it: FIN + text, masked, length under 126. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/** Completes the WebSocket upgrade on a raw socket, then never reads another byte. */
async function nonReadingClient(server: WebServer): Promise<net.Socket> {
  const socket = net.connect(server.port, '127.0.0.1');
  closers.push(() => void socket.destroy());
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    [
      `GET ${server.wsPath} HTTP/1.1`,
      `Host: 127.0.0.1:${server.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: ${WS_PROTOCOL}, ${tokenProtocol(server.token)}`,
      '',
      '',
    ].join('\r\n'),
  );
  await new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause(); // from here on nothing is read: the kernel buffers fill, then the server's
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
  });
  socket.on('error', () => undefined); // the server may reset it once it gives up
  return socket;
}

/** Sends `count` getState invokes as fast as the socket takes them; resolves early if the socket ends. */
async function sendGetStates(socket: net.Socket, count: number, onSample: () => void): Promise<number> {
  for (let i = 0; i < count; i += 1) {
    if (socket.destroyed) return i;
    if (i % 500 === 0) onSample();
    if (!socket.write(textFrame(JSON.stringify({ t: 'invoke', id: i, command: 'getState', input: {} })))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done).on('close', done);
      });
    }
  }
  return count;
}

describe('WebSocket backpressure', () => {
  it('a client that sends 100,000 getState and never reads is closed, and the replies it left are not kept', async () => {
    const { server, warnings } = await serve();
    const client = await nonReadingClient(server);
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

describe('the upgrade handler', () => {
  it('a request line whose URL cannot be parsed is refused without taking the server down', async () => {
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
