// The metering proxy: listens on 127.0.0.1, forwards every request to one backend unchanged
// (bytes, headers, streaming, cancellation) and meters the generations that stream through it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { describeError, nullLogger, type LoggerPort } from '../../platform/logger';
import { GenerationMeter, type LiveReading } from './meter';
import { targetBase, upstreamPath } from './proxy-paths';
import { StreamDecoder } from './stream-decoder';
import { endToEndHeaders } from './forward-headers';
import { answerWith, guarded, passOnHead, refuseRequest, requestFunctionFor, upstreamHost } from './proxy-guard';
import type { Dialect, GenerationResult } from '../types';

export interface ProxyOptions {
  /** Backend origin, optionally with a base path such as `/v1` (proxy-paths.ts joins the client's path to it). */
  target: string;
  port: number;
  maxHeaderBytes?: number;
  maxBodyBytes?: number;
  /** Live readings at most this often per generation. */
  liveIntervalMs?: number;
  /** `id` is the one the generation's live readings carried. */
  onGeneration?: (result: GenerationResult, id: number) => void;
  onLive?: (id: number, model: string, reading: LiveReading) => void;
  logger?: LoggerPort;
}

export interface MeteringProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_HEADER = 32 * 1024;
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
const MODEL_SNIFF_BYTES = 64 * 1024;

export function dialectForPath(path: string): Dialect | null {
  const p = path.split('?')[0] ?? '';
  if (/\/(chat\/)?completions$/.test(p)) return 'openai';
  if (/\/api\/(generate|chat)$/.test(p)) return 'ollama';
  return null;
}

/** What every request through one proxy shares. */
interface Forwarding {
  options: ProxyOptions;
  target: URL;
  send: ReturnType<typeof requestFunctionFor>;
  base: ReturnType<typeof targetBase>;
  logger: LoggerPort;
  maxBody: number;
  liveEvery: number;
  nextId: () => number;
}

/** One request through the proxy: what it asked for and, once the backend streams, its meter. */
interface Exchange {
  id: number;
  arrivedAt: number;
  dialect: Dialect | null;
  sniffed: string;
  meter: GenerationMeter | null;
  finished: boolean;
}

export async function startMeteringProxy(options: ProxyOptions): Promise<MeteringProxy> {
  const target = new URL(options.target);
  const logger = options.logger ?? nullLogger;
  let nextId = 1;
  const forwarding: Forwarding = {
    options,
    target,
    send: requestFunctionFor(target),
    base: targetBase(target.pathname),
    logger,
    maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    liveEvery: options.liveIntervalMs ?? 100,
    nextId: () => nextId++,
  };
  const sockets = new Set<import('node:net').Socket>();
  const onHandlerError = (error: unknown) => logger.warn('metering proxy: a request failed inside the proxy', describeError(error));
  const server = http.createServer({ maxHeaderSize: options.maxHeaderBytes ?? DEFAULT_MAX_HEADER }, guarded((req, res) => forward(forwarding, req, res), onHandlerError));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error, socket) => {
    logger.debug('metering proxy: bad request from client', describeError(error));
    const code = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${code}\r\nconnection: close\r\n\r\n`);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Refuses what the proxy must not pass on; forwards the rest, body and cancellation included. */
function forward(f: Forwarding, req: http.IncomingMessage, res: http.ServerResponse): void {
  const refusal = refuseRequest(req.headers, req.socket.localPort ?? 0);
  if (refusal) return refuse(req, res, refusal.status, refusal.reason);
  const arrivedAt = performance.now();
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > f.maxBody) return refuse(req, res, 413, 'Request body too large for the metering proxy');
  const path = upstreamPath(req.url ?? '/', f.base);
  if (path === null) return refuse(req, res, 400, 'The metering proxy forwards paths only');
  const upstream = f.send({
    protocol: f.target.protocol,
    hostname: f.target.hostname,
    port: f.target.port,
    method: req.method,
    path,
    headers: [...endToEndHeaders(req.rawHeaders, ['host']), 'host', upstreamHost(req.headers.host ?? f.target.host, f.target)],
  });
  const exchange: Exchange = { id: f.nextId(), arrivedAt, dialect: req.method === 'POST' ? dialectForPath(path) : null, sniffed: '', meter: null, finished: false };
  const report = (outcome: 'completed' | 'cancelled' | 'error', error: string | null): void => {
    if (exchange.finished || !exchange.meter) return;
    exchange.finished = true;
    f.options.onGeneration?.(exchange.meter.finish(performance.now(), outcome, error), exchange.id);
  };
  let bodyBytes = 0;
  req.on('data', (chunk: Buffer) => {
    bodyBytes += chunk.length;
    if (bodyBytes > f.maxBody) {
      upstream.destroy();
      if (!res.headersSent) answerWith(res, 413, 'Request body too large for the metering proxy');
      req.destroy();
      return;
    }
    if (exchange.dialect && exchange.sniffed.length < MODEL_SNIFF_BYTES) exchange.sniffed += chunk.toString('utf8');
    if (!upstream.write(chunk)) req.pause();
  });
  upstream.on('drain', () => req.resume());
  req.on('end', () => upstream.end());
  upstream.on('response', (up) => relay(f, exchange, up, res, report));
  upstream.on('error', (error) => {
    f.logger.debug('metering proxy: backend request failed', describeError(error));
    answerWith(res, 502, `The backend at ${f.target.origin} is not reachable (${describeError(error)})`);
    report('error', describeError(error));
  });
  // The client went away: pass the cancellation on so the backend stops generating.
  res.on('close', () => {
    if (res.writableFinished) return;
    upstream.destroy();
    report('cancelled', null);
  });
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, reason: string): void {
  answerWith(res, status, reason);
  req.resume();
}

/** Passes the backend's answer on byte for byte, metering it when it streams a generation. */
function relay(
  f: Forwarding,
  exchange: Exchange,
  up: http.IncomingMessage,
  res: http.ServerResponse,
  report: (outcome: 'completed' | 'cancelled' | 'error', error: string | null) => void,
): void {
  res.sendDate = false;
  const failed = passOnHead(res, up.statusCode, up.statusMessage, endToEndHeaders(up.rawHeaders));
  if (failed) {
    up.destroy();
    report('error', failed);
    return;
  }
  const { dialect, sniffed } = exchange;
  const type = String(up.headers['content-type'] ?? '');
  const streaming = /text\/event-stream|application\/x-ndjson/.test(type) || (dialect === 'ollama' && /json/.test(type) && !/"stream"\s*:\s*false/.test(sniffed));
  const decoder = dialect && streaming && (up.statusCode ?? 0) < 300 ? new StreamDecoder(dialect) : null;
  const meter = decoder ? new GenerationMeter(modelOf(sniffed), exchange.arrivedAt) : null;
  exchange.meter = meter;
  let lastLive = 0;
  up.on('data', (chunk: Buffer) => {
    if (!res.write(chunk)) up.pause();
    if (!decoder || !meter) return;
    const at = performance.now();
    for (const event of decoder.push(chunk)) meter.observe(event, at);
    if (f.options.onLive && at - lastLive >= f.liveEvery) {
      lastLive = at;
      f.options.onLive(exchange.id, modelOf(sniffed), meter.live(at));
    }
  });
  res.on('drain', () => up.resume());
  up.on('end', () => {
    res.end();
    if (!decoder || !meter) return;
    for (const event of decoder.end()) meter.observe(event, performance.now());
    report(meter.sawDone ? 'completed' : 'error', meter.sawDone ? null : 'the stream ended before the server said it was done');
  });
  up.on('error', (error) => {
    res.destroy();
    report('error', describeError(error));
  });
}

function modelOf(body: string): string {
  const match = /"model"\s*:\s*"([^"\\]{1,200})"/.exec(body);
  return match?.[1] ?? 'unknown';
}
