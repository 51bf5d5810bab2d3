// A test inference server that streams at a controlled rate and TTFT in the OpenAI (SSE) or
// Ollama (NDJSON) dialect, and records when it really sent each token: the ground truth the
// meter is checked against. Listens on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface StreamScenario {
  tokensPerSecond: number;
  ttftMs: number;
  tokens: number;
  /** The first N tokens are sent as reasoning deltas (reasoning_content / thinking). */
  reasoningTokens?: number;
  /** 'honor' sends a usage chunk when the client asks; 'never' behaves like LM Studio. */
  usage?: 'honor' | 'never';
  /** Send an empty role chunk right away, as tinygrad and llama.cpp do. */
  roleChunk?: boolean;
  /** After this many tokens: an error object, a dropped connection, or silence. */
  failAfter?: { tokens: number; mode: 'error' | 'destroy' | 'stall' };
  /** Insert a line that is not JSON after every N tokens. */
  malformedEvery?: number;
  promptTokens?: number;
  models?: string[];
  /** 'lmstudio' answers GETs like LM Studio (its REST model list; "Unexpected endpoint" for the rest), so discovery names it so. */
  persona?: 'ollama' | 'lmstudio' | 'llamacpp';
}

export interface GroundTruth {
  dialect: 'openai' | 'ollama';
  model: string;
  receivedAt: number;
  tokenTimes: number[];
  clientClosed: boolean;
  /** Wall-clock (epoch ms) of the first token written, to compare across processes. */
  firstTokenWallMs: number | null;
  /** Decode rate as actually sent: (n-1) / (last - first). */
  sentTokensPerSecond: number | null;
  sentTtftMs: number | null;
}

export interface StreamServer {
  url: string;
  openAiUrl: string;
  scenario: StreamScenario;
  requests: GroundTruth[];
  /** Raw request bodies, for transparency checks. */
  bodies: string[];
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['llama3.1:8b', 'qwen3:8b'];

/** `port` 0 lets the OS choose. */
export async function startStreamServer(initial: StreamScenario, port = 0): Promise<StreamServer> {
  const arrivedAt = new WeakMap<http.IncomingMessage, number>();
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state: StreamServer = {
    url: '',
    openAiUrl: '',
    scenario: initial,
    requests: [],
    bodies: [],
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer((req, res) => {
    // Ground truth starts when the request arrives, as a client's timer starts when it sends.
    arrivedAt.set(req, performance.now());
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      state.bodies.push(bodyText);
      route(req, res, bodyText);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse, bodyText: string): void {
    const models = state.scenario.models ?? DEFAULT_MODELS;
    const path = req.url ?? '/';
    // Test control, used when the server runs in its own process.
    if (req.method === 'GET' && path === '/__truth') return json(res, 200, state.requests);
    if (req.method === 'POST' && path === '/__scenario') {
      state.scenario = JSON.parse(bodyText) as StreamScenario;
      state.requests.length = 0;
      return json(res, 200, { ok: true });
    }
    if (req.method === 'GET' && path === '/v1/models') return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
    if (state.scenario.persona === 'llamacpp' && req.method === 'GET') {
      if (path === '/health') return json(res, 200, { status: 'ok' });
      if (path === '/props') return json(res, 200, { build_info: 'b6097-9a96352', total_slots: 1 });
      return json(res, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
    }
    if (state.scenario.persona === 'lmstudio' && req.method === 'GET') {
      if (path === '/api/v0/models') return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', type: 'llm', state: 'loaded' })) });
      return json(res, 200, { error: `Unexpected endpoint or method. (GET ${path})` });
    }
    if (req.method === 'GET' && path === '/api/tags') return json(res, 200, { models: models.map((name) => ({ name, model: name })) });
    if (req.method === 'GET' && path === '/api/version') return json(res, 200, { version: '0.12.0' });
    if (req.method === 'GET' && path === '/api/ps') return json(res, 200, { models: [{ name: models[0], model: models[0], size: 6_000_000_000, size_vram: 4_500_000_000 }] });
    if (req.method !== 'POST') return json(res, 404, { error: 'not found' });
    let body: { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
    try {
      body = JSON.parse(bodyText) as typeof body;
    } catch {
      return json(res, 400, { error: 'bad json' });
    }
    const model = body.model ?? '';
    const dialect = path === '/v1/chat/completions' ? 'openai' : path === '/api/generate' || path === '/api/chat' ? 'ollama' : null;
    if (dialect === null) return json(res, 404, { error: 'not found' });
    if (!models.includes(model)) {
      return dialect === 'ollama'
        ? json(res, 404, { error: `model '${model}' not found` })
        : json(res, 404, { error: { message: `The model '${model}' does not exist`, code: 'model_not_found' } });
    }
    if (body.stream === false) return json(res, 200, dialect === 'ollama' ? { model, response: 'hi', done: true, eval_count: 1, eval_duration: 1e6 } : { choices: [{ message: { content: 'hi' } }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } });
    stream(req, res, dialect, model, body.stream_options?.include_usage === true, path === '/api/chat');
  }

  function stream(req: http.IncomingMessage, res: http.ServerResponse, dialect: 'openai' | 'ollama', model: string, wantsUsage: boolean, chat: boolean): void {
    const sc = state.scenario;
    const truth: GroundTruth = { dialect, model, receivedAt: arrivedAt.get(req) ?? performance.now(), tokenTimes: [], clientClosed: false, firstTokenWallMs: null, sentTokensPerSecond: null, sentTtftMs: null };
    state.requests.push(truth);
    const finishTruth = () => {
      const t = truth.tokenTimes;
      truth.sentTtftMs = t.length > 0 ? t[0]! - truth.receivedAt : null;
      truth.sentTokensPerSecond = t.length > 1 ? ((t.length - 1) / (t[t.length - 1]! - t[0]!)) * 1000 : null;
    };
    res.on('close', () => {
      if (!res.writableFinished) truth.clientClosed = true;
      finishTruth();
      for (const t of pending) clearTimeout(t);
    });
    const pending = new Set<NodeJS.Timeout>();
    res.writeHead(200, { 'content-type': dialect === 'ollama' ? 'application/x-ndjson' : 'text/event-stream', 'cache-control': 'no-cache' });
    const id = 'chatcmpl-test';
    const created = 1_760_000_000;
    const sse = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      sse({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
    if (dialect === 'openai' && sc.roleChunk !== false) chunk({ role: 'assistant', content: '' });

    const reasoning = sc.reasoningTokens ?? 0;
    const intervalMs = 1000 / sc.tokensPerSecond;
    const start = truth.receivedAt;
    const sendToken = (i: number) => {
      const text = `tok${i} `;
      const isReasoning = i < reasoning;
      if (dialect === 'openai') chunk(isReasoning ? { reasoning_content: text } : { content: text });
      else if (chat) res.write(`${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: isReasoning ? '' : text, ...(isReasoning ? { thinking: text } : {}) }, done: false })}\n`);
      else res.write(`${JSON.stringify({ model, created_at: new Date().toISOString(), response: isReasoning ? '' : text, ...(isReasoning ? { thinking: text } : {}), done: false })}\n`);
      truth.tokenTimes.push(performance.now());
      truth.firstTokenWallMs ??= performance.timeOrigin + performance.now();
      if (sc.malformedEvery && (i + 1) % sc.malformedEvery === 0) res.write(dialect === 'openai' ? 'data: {not json\n\n' : '{"broken":\n');
    };
    const finish = () => {
      finishTruth();
      const n = truth.tokenTimes.length;
      const promptTokens = sc.promptTokens ?? 12;
      if (dialect === 'openai') {
        chunk({}, 'stop');
        if (wantsUsage && (sc.usage ?? 'honor') === 'honor') {
          sse({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: n, total_tokens: promptTokens + n } });
        }
        res.end('data: [DONE]\n\n');
      } else {
        const evalNs = Math.round((truth.tokenTimes[n - 1]! - truth.tokenTimes[0]!) * 1e6 * (n / Math.max(1, n - 1)));
        // Ollama's last /api/chat object carries an empty assistant message, /api/generate's an empty response.
        const last = chat ? { message: { role: 'assistant', content: '' } } : { response: '' };
        res.end(`${JSON.stringify({ model, created_at: new Date().toISOString(), ...last, done: true, done_reason: 'stop', total_duration: 1, load_duration: 1, prompt_eval_count: promptTokens, prompt_eval_duration: Math.round((truth.sentTtftMs ?? 1) * 1e6), eval_count: n, eval_duration: evalNs })}\n`);
      }
    };
    const schedule = (i: number) => {
      // Drift-free: each token is due at an absolute time, whatever the previous timer's lateness.
      const due = start + sc.ttftMs + i * intervalMs;
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (res.destroyed) return;
        if (sc.failAfter && i === sc.failAfter.tokens) {
          finishTruth();
          if (sc.failAfter.mode === 'destroy') res.destroy();
          else if (sc.failAfter.mode === 'error') {
            if (dialect === 'openai') res.end(`data: ${JSON.stringify({ error: { message: 'backend crashed', type: 'server_error' } })}\n\n`);
            else res.end(`${JSON.stringify({ error: 'backend crashed' })}\n`);
          }
          return; // 'stall': keep the socket open and say nothing more
        }
        if (i === sc.tokens) return finish();
        sendToken(i);
        schedule(i + 1);
      }, Math.max(0, due - performance.now()));
      pending.add(timer);
      timers.add(timer);
    };
    schedule(0);
    req.on('error', () => undefined);
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.openAiUrl = `${state.url}/v1`;
  return state;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
