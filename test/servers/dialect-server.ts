// Test servers for discovery: each recorded dialect served over real HTTP on an ephemeral port, plus
// the misbehaving kinds a port may hold (one that stalls, one that speaks garbage, one that resets
// every connection). Listen on 127.0.0.1 only; close() ends every connection they hold.
import http from 'node:http';
import net from 'node:net';
import { fixtureReply, serverFixture, type ServerFixture } from '../fixtures/inference/servers/fixtures';

export interface TestServer {
  port: number;
  origin: string;
  /** How many requests (or connections, for the raw ones) reached it. */
  hits: () => number;
  /** The paths it was asked for, in order (HTTP servers only). */
  paths: () => string[];
  close: () => Promise<void>;
}

/** Answers every GET as the fixture says; `override` may answer a path first (llama.cpp's live /metrics). */
export function startFixtureServer(fixture: ServerFixture | string, override?: (path: string) => { status: number; contentType: string; body: string } | null): Promise<TestServer> {
  const f = typeof fixture === 'string' ? serverFixture(fixture) : fixture;
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    paths.push(path);
    const reply = override?.(path) ?? fixtureReply(f, path);
    res.writeHead(reply.status, reply.contentType === '' ? {} : { 'content-type': reply.contentType });
    res.end(reply.body);
  });
  return listenHttp(server, paths);
}

/** Accepts requests and never answers them. */
export function startStallingServer(): Promise<TestServer> {
  const paths: string[] = [];
  const server = http.createServer((req) => void paths.push(req.url ?? ''));
  return listenHttp(server, paths);
}

/** Something that is not HTTP: a banner of bytes, then it hangs up. */
export function startGarbageServer(): Promise<TestServer> {
  return listenRaw((socket) => socket.end(Buffer.from('\u0000\u00ffSSH-2.0-NotHttp\r\n\u0007\u0007\r\n\r\n', 'latin1')));
}

/** Resets every connection as soon as it is made. */
export function startResettingServer(): Promise<TestServer> {
  return listenRaw((socket) => socket.resetAndDestroy());
}

/** A port that was free a moment ago: nothing listens there. */
export async function closedPort(): Promise<number> {
  const raw = await listenRaw((socket) => socket.destroy());
  await raw.close();
  return raw.port;
}

/** llama.cpp started with --metrics: its counters move when the test says tokens were generated. */
export async function startLlamaCppWithMetrics(): Promise<TestServer & { generate: (promptTokens: number, promptSeconds: number, tokens: number, seconds: number) => void }> {
  const totals = { promptTokens: 0, promptSeconds: 0, predictedTokens: 0, predictedSeconds: 0 };
  const server = await startFixtureServer('llamacpp', (path) =>
    path === '/metrics'
      ? {
          status: 200,
          contentType: 'text/plain; version=0.0.4',
          body: [
            '# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.',
            '# TYPE llamacpp:prompt_tokens_total counter',
            `llamacpp:prompt_tokens_total ${totals.promptTokens}`,
            `llamacpp:prompt_seconds_total ${totals.promptSeconds}`,
            `llamacpp:tokens_predicted_total ${totals.predictedTokens}`,
            `llamacpp:tokens_predicted_seconds_total ${totals.predictedSeconds}`,
            '# TYPE llamacpp:requests_processing gauge',
            'llamacpp:requests_processing 0',
            '',
          ].join('\n'),
        }
      : null,
  );
  return {
    ...server,
    generate: (promptTokens, promptSeconds, tokens, seconds) => {
      totals.promptTokens += promptTokens;
      totals.promptSeconds += promptSeconds;
      totals.predictedTokens += tokens;
      totals.predictedSeconds += seconds;
    },
  };
}

/** vLLM with its /metrics: each call to `next()` serves the next recorded exposition (the last one stays). */
export async function startVllmWithMetrics(expositions: string[]): Promise<TestServer & { next: () => void; metricsReads: () => number }> {
  let index = 0;
  let reads = 0;
  const server = await startFixtureServer('vllm', (path) => {
    if (path !== '/metrics') return null;
    reads++;
    return { status: 200, contentType: 'text/plain; version=0.0.4; charset=utf-8', body: expositions[index]! };
  });
  return { ...server, next: () => void (index = Math.min(index + 1, expositions.length - 1)), metricsReads: () => reads };
}

function listenHttp(server: http.Server, paths: string[]): Promise<TestServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        hits: () => paths.length,
        paths: () => [...paths],
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function listenRaw(onConnection: (socket: net.Socket) => void): Promise<TestServer> {
  let hits = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    hits++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        hits: () => hits,
        paths: () => [],
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
