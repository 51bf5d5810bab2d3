// Malformed WebSocket frames close only the connection that sent them; web mode keeps serving.
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../src/cli/web-server';
import { WS_PROTOCOL, tokenProtocol } from '../../src/core/api/ws-protocol';
import { createFakeApi } from '../fakes/fake-api';

let server: WebServer;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  server = await startWebServer({ api: createFakeApi({}).api, rendererDir: dir });
});
afterAll(() => server.close());

/** Opens a raw socket, completes the upgrade by hand, then writes `frame` as is. */
function sendRawFrame(frame: Buffer): Promise<{ closeCode: number | null }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!buffered.subarray(0, end).toString().startsWith('HTTP/1.1 101')) return reject(new Error(buffered.toString()));
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        socket.write(frame);
      }
    });
    socket.on('close', () => {
      // A server close frame: 0x88, length, then the 2-byte code.
      const at = buffered.indexOf(0x88);
      resolve({ closeCode: at >= 0 && buffered.length >= at + 4 ? buffered.readUInt16BE(at + 2) : null });
    });
    socket.write(
      [
        `GET ${server.wsPath} HTTP/1.1`,
        `Sec-WebSocket-Protocol: ${WS_PROTOCOL}, ${tokenProtocol(server.token)}`,
        `Host: 127.0.0.1:${server.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

const MASK = Buffer.from([1, 2, 3, 4]);
function masked(opcodeByte: number, payload: Buffer): Buffer {
  const body = Buffer.from(payload.map((byte, i) => byte ^ MASK[i % 4]!));
  return Buffer.concat([Buffer.from([opcodeByte, 0x80 | payload.length]), MASK, body]);
}
function oversizeHeader(): Buffer {
  // A text frame that announces 2 MiB, over the 1 MiB limit.
  const header = Buffer.alloc(2 + 8 + 4);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(2 * 1024 * 1024), 2);
  MASK.copy(header, 10);
  return header;
}

const MALFORMED: Array<[string, Buffer, number]> = [
  ['invalid UTF-8 in a text frame', masked(0x81, Buffer.from([0xc3, 0x28])), 1007],
  ['an unknown opcode', masked(0x83, Buffer.from('x')), 1002],
  ['RSV1 set without an extension', masked(0xc1, Buffer.from('x')), 1002],
  ['an unmasked client frame', Buffer.from([0x81, 0x01, 0x78]), 1002],
  ['close code 999', masked(0x88, Buffer.from([0x03, 0xe7])), 1002],
  ['a fragmented ping', masked(0x09, Buffer.from('x')), 1002],
  ['a message over the 1 MiB limit', oversizeHeader(), 1009],
];

describe('web mode under malformed frames', () => {
  it.each(MALFORMED)('closes the connection on %s and keeps serving others', async (_name, frame, expectedCode) => {
    const { closeCode } = await sendRawFrame(frame);
    expect(closeCode).toBe(expectedCode);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${server.wsPath}`, [WS_PROTOCOL, tokenProtocol(server.token)]);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ t: 'invoke', id: 1, command: 'getState', input: {} }));
    const reply = await new Promise<{ t: string }>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as { t: string })));
    expect(reply.t).toBe('result');
    ws.terminate();
  });
});
