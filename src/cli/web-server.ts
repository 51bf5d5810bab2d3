// Web mode: serves the built renderer and the CompanionApi over a WebSocket, on 127.0.0.1 only,
// under a random per-session path, with the API behind a random session token.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CompanionApi, EventName } from '../core/api/contract';
import { dispatch, subscribeEvent, validateEventName } from '../core/api/transport';
import { ClientMessageSchema, TOKEN_PARAM, WS_PATH, WS_PROTOCOL, tokenFromProtocols, type ServerMessage } from '../core/api/ws-protocol';
import { describeError, nullLogger, type LoggerPort } from '../core/platform/logger';
import { METRICS_PATH, serveMetrics, tokenMatches } from './metrics-endpoint';
import { contentTypeOf } from '../core/platform/content-type';

export interface WebServerOptions {
  api: CompanionApi;
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Per-session path segment in front of the page and assets; random unless a test fixes it. */
  sessionPath?: string;
  log?: LoggerPort;
  /** Serve GET /metrics even when the `inference.metricsExport` setting is off (`serve --metrics`). */
  metrics?: boolean;
  /** Bytes a connection may leave unread before it is closed with 1008; tests lower it. */
  maxQueuedBytes?: number;
}

export interface WebServer {
  /** What the user opens: the session path plus the token, which the page moves out of the URL. */
  url: string;
  port: number;
  token: string;
  /** `/<session>/`: the only path prefix that serves anything. */
  basePath: string;
  /** `/<session>/api`: the WebSocket endpoint (the token goes in the subprotocol list). */
  wsPath: string;
  close(): Promise<void>;
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A tab that reads keeps this near zero; a burst of 10,000 replies to a busy tab stays well below it. */
export const DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** 1008 "policy violation": the client sent faster than it read. */
export const CLOSE_NOT_READING = 1008;
const NOT_FOUND_HINT = '404: open the URL printed by `egpu-companion serve` (it carries this session\'s path)';

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const basePath = `/${options.sessionPath ?? randomBytes(18).toString('base64url')}/`;
  const wsPath = `${basePath}${WS_PATH}`;
  const rendererDir = path.resolve(options.rendererDir);
  const log = options.log ?? nullLogger;

  // A small hand-written static handler: the session gate has to sit in front of every file, and the
  // renderer is a handful of built assets, so a static-file library would add more than it saves.
  // No cookie is ever set: cookies are not port-scoped, so any other 127.0.0.1 listener would get it.
  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      log.debug(`web: request failed: ${describeError(error)}`);
      if (!res.headersSent) res.writeHead(500).end('internal error');
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!URL.canParse(req.url ?? '/', `http://127.0.0.1:${port}`)) return void res.writeHead(400).end('bad request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!allowedHosts.has(req.headers.host ?? '')) return void res.writeHead(421).end('wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end('method not allowed');
    if (url.pathname === METRICS_PATH) return serveMetrics(req, res, { api: options.api, token, forced: options.metrics === true }, NOT_FOUND_HINT);
    // The unguessable session path is the gate for the (public, static) page; the API needs the token.
    if (!url.pathname.startsWith(basePath)) return void res.writeHead(404, { 'content-type': 'text/plain' }).end(NOT_FOUND_HINT);
    const file = resolveAsset(rendererDir, url.pathname.slice(basePath.length));
    if (!file) return void res.writeHead(404).end('not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch (error) {
      log.debug(`web: no file for ${url.pathname}: ${describeError(error)}`);
      return void res.writeHead(404).end('not found');
    }
    res.writeHead(200, {
      'content-type': contentTypeOf(file),
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Answer with the protocol name only: the token offered next to it is never echoed back.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    try {
      upgrade(req, socket, head);
    } catch (error) {
      // A request line Node accepts can still be a URL that WHATWG's parser refuses (`GET //[`).
      log.debug(`web: refused an upgrade that could not be read: ${describeError(error)}`);
      socket.destroy();
    }
  });
  function upgrade(req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const origin = req.headers.origin;
    const originOk = origin === undefined || allowedHosts.has(origin.replace(/^http:\/\//, ''));
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((value) => value.trim());
    if (url.pathname !== wsPath || !allowedHosts.has(req.headers.host ?? '') || !originOk || !offered.includes(WS_PROTOCOL) || !tokenMatches(tokenFromProtocols(offered), token)) {
      socket.on('error', (error) => log.debug(`web: refused upgrade socket: ${describeError(error)}`));
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.api, log, { maxQueuedBytes: options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES }));
  }

  return {
    url: `http://127.0.0.1:${port}${basePath}?${TOKEN_PARAM}=${token}`,
    port,
    token,
    basePath,
    wsPath,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The file under `rendererDir` for a path below the session prefix, or null if it would leave the folder. */
export function resolveAsset(rendererDir: string, relativeUrlPath: string): string | null {
  let relative: string;
  try {
    relative = relativeUrlPath === '' ? 'index.html' : decodeURIComponent(relativeUrlPath);
  } catch {
    return null; // Malformed percent-encoding is a bad request, not a file name.
  }
  if (relative.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : null;
}

/** One browser tab: commands in, results and subscribed events out. */
export function serveConnection(ws: WebSocket, api: CompanionApi, log: LoggerPort = nullLogger, limits = { maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES }): void {
  const subscriptions = new Map<EventName, () => void>();
  const send = (message: ServerMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    // A client that sends without reading would make the server hold every reply: past the cap it is
    // closed, and what it sends after that is dropped unanswered.
    if (ws.bufferedAmount > limits.maxQueuedBytes) {
      log.warn(`web: closed a connection that stopped reading (${ws.bufferedAmount} bytes waiting)`);
      ws.close(CLOSE_NOT_READING, 'too many unread messages');
      return;
    }
    try {
      ws.send(JSON.stringify(message));
    } catch (error) {
      log.debug(`web: could not send a message: ${describeError(error)}`);
    }
  };

  ws.on('message', (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return;
    if (isBinary) return send({ t: 'error', message: 'binary messages are not accepted' });
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch (error) {
      log.debug(`web: message is not JSON: ${describeError(error)}`);
      return send({ t: 'error', message: 'message is not JSON' });
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) return send({ t: 'error', message: 'message does not match the protocol' });
    const message = parsed.data;
    switch (message.t) {
      case 'invoke':
        void dispatch(api, message.command, message.input).then((result) => send({ t: 'result', id: message.id, result }));
        return;
      case 'subscribe': {
        if (!validateEventName(message.event)) return send({ t: 'error', message: `unknown event: ${message.event.slice(0, 80)}` });
        const event = message.event;
        if (subscriptions.has(event)) return;
        subscriptions.set(event, subscribeEvent(api, event, (payload) => send({ t: 'event', event, payload })));
        return;
      }
      case 'unsubscribe': {
        if (!validateEventName(message.event)) return;
        subscriptions.get(message.event)?.();
        subscriptions.delete(message.event);
        return;
      }
    }
  });
  // A malformed or oversized frame makes ws emit 'error' and then close the socket with the
  // matching close code (1002, 1007, 1009…). Without a listener that error would end the process.
  ws.on('error', (error) => {
    log.debug(`web: closed a connection after a bad frame: ${describeError(error)}`);
    if (ws.readyState !== ws.CLOSED) ws.terminate();
  });
  ws.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}
