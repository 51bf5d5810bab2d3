// Web mode: serves the built renderer and the CompanionApi over a WebSocket, on 127.0.0.1 only,
// behind a random session token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CompanionApi, EventName } from '../core/api/contract';
import { dispatch, validateEventName } from '../core/api/transport';
import { ClientMessageSchema, TOKEN_PARAM, WS_PATH, type ServerMessage } from '../core/api/ws-protocol';

export interface WebServerOptions {
  api: CompanionApi;
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'egpu_companion_token';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);

  // A small hand-written static handler: the token gate has to sit in front of every file, and the
  // renderer is a handful of built assets, so a static-file library would add more than it saves.
  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('internal error');
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!allowedHosts.has(req.headers.host ?? '')) return void res.writeHead(421).end('wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end('method not allowed');
    const queryToken = url.searchParams.get(TOKEN_PARAM);
    const authorized = tokenMatches(queryToken, token) || tokenMatches(readCookie(req.headers.cookie, COOKIE), token);
    if (!authorized) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('401: open the URL printed by `egpu-companion serve` (it carries the session token)');

    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep)) return void res.writeHead(404).end('not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return void res.writeHead(404).end('not found');
    }
    const headers: http.OutgoingHttpHeaders = {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (queryToken) headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const origin = req.headers.origin;
    const originOk = origin === undefined || allowedHosts.has(origin.replace(/^http:\/\//, ''));
    if (url.pathname !== WS_PATH || !allowedHosts.has(req.headers.host ?? '') || !originOk || !tokenMatches(url.searchParams.get(TOKEN_PARAM), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.api));
  });

  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One browser tab: commands in, results and subscribed events out. */
export function serveConnection(ws: WebSocket, api: CompanionApi): void {
  const subscriptions = new Map<EventName, () => void>();
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', message: 'binary messages are not accepted' });
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
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
        subscriptions.set(event, api.on(event, (payload) => send({ t: 'event', event, payload })));
        if (event === 'state') void api.getState({}).then((state) => send({ t: 'event', event: 'state', payload: state }));
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
  ws.on('error', () => {
    if (ws.readyState !== ws.CLOSED) ws.terminate();
  });
  ws.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}

function tokenMatches(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}
