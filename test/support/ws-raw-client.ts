// A WebSocket client on a raw socket that completes the upgrade and then never reads: the reliable
// way to make a server's replies pile up (a ws client would keep reading into its own buffers).
// Shared by the backpressure test (test/integration) and the benchmarks (bench/).
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { WS_PROTOCOL, tokenProtocol } from '../../src/core/api/ws-protocol';
import type { WsTarget } from './ws-load';

/** A client frame as RFC 6455 §5.2 has it: FIN + text, masked, length under 126. */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length >= 126) throw new Error('textFrame: payloads of 126 bytes or more need the extended length');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/** Completes the WebSocket upgrade on a raw socket, then never reads another byte. */
export async function nonReadingClient(target: WsTarget): Promise<net.Socket> {
  const socket = net.connect(target.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    [
      `GET ${target.wsPath} HTTP/1.1`,
      `Host: 127.0.0.1:${target.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: ${WS_PROTOCOL}, ${tokenProtocol(target.token)}`,
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

/** Sends `count` getState invokes as fast as the socket takes them; stops early if the socket ends. */
export async function sendGetStates(socket: net.Socket, count: number, onSample: () => void = () => undefined): Promise<number> {
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
