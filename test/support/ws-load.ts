// WebSocket load against web mode: bursts of messages, many connections, and one timed `getState`.
// Shared by the protocol load test (test/integration) and the benchmarks (bench/).
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WS_PROTOCOL, tokenProtocol } from '../../src/core/api/ws-protocol';

export interface WsTarget {
  port: number;
  wsPath: string;
  token: string;
}

interface Reply {
  t: string;
  id?: number;
}

export function connect(target: WsTarget): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${target.port}${target.wsPath}`, [WS_PROTOCOL, tokenProtocol(target.token)]);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends each message at once and resolves when the server has answered every one (or the socket closed). */
export function burst(ws: WebSocket, messages: readonly string[], timeoutMs = 20_000): Promise<{ replies: number }> {
  return new Promise((resolve, reject) => {
    let replies = 0;
    const timer = setTimeout(() => finish(new Error(`only ${replies} of ${messages.length} replies after ${timeoutMs} ms`)), timeoutMs);
    const onMessage = () => {
      replies += 1;
      if (replies === messages.length) finish(null);
    };
    const onClose = () => finish(null);
    function finish(error: Error | null) {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (error) reject(error);
      else resolve({ replies });
    }
    ws.on('message', onMessage);
    ws.on('close', onClose);
    for (const message of messages) ws.send(message);
  });
}

let nextId = 1_000_000;
/** One `getState` invoke; resolves to the round trip in milliseconds. */
export function timedGetState(ws: WebSocket, timeoutMs = 5_000): Promise<number> {
  const id = (nextId += 1);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no getState reply within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString()) as Reply;
      if (reply.t !== 'result' || reply.id !== id) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(performance.now() - started);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'invoke', id, command: 'getState', input: {} }));
  });
}

/** `count` messages, mostly `getState` invokes, with some that are not JSON or not the protocol. */
export function mixedMessages(count: number): string[] {
  const messages: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i % 10 === 7) messages.push('{not json');
    else if (i % 10 === 9) messages.push(JSON.stringify({ t: 'invoke', id: i, command: 'noSuchCommand', input: {} }));
    else messages.push(JSON.stringify({ t: 'invoke', id: i, command: 'getState', input: {} }));
  }
  return messages;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
