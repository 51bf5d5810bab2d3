// Sends one streaming generation to a server and meters it while it streams.
// Works for both dialects; the caller picks the request shape with `buildRequest`.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { GenerationMeter } from './meter';
import { StreamDecoder } from './stream-decoder';
import type { Dialect, GenerationOutcome, GenerationResult, StreamEvent } from '../types';

export interface GenerationRequest {
  dialect: Dialect;
  /** Base URL as users type it into clients: Ollama `http://host:11434`, OpenAI-compatible ending in `/v1`. */
  baseUrl: string;
  model: string;
  prompt: string;
  maxTokens?: number;
  /** A stream silent this long counts as stalled. */
  stallMs?: number;
  /** Whole-generation limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: StreamEvent, atMs: number) => void;
}

export type GenerationReply =
  | { ok: true; result: GenerationResult }
  | { ok: false; reason: 'unreachable' | 'unknown-model' | 'http'; message: string };

const DEFAULT_STALL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const MAX_ERROR_BODY = 4096;
/** The slowest decode worth waiting for: under 2 tok/s the guide says the GPU backend is not working. */
const SLOWEST_MS_PER_TOKEN = 500;
/**
 * Deltas past max_tokens before the client stops a server that ignores the limit. Deltas are not
 * always one token each (a server may split a character), so a few extra are let through.
 */
const EXTRA_DELTAS = 16;

/** How long one run may take when it asks for `maxTokens`: the stall limit for the first token, then 2 tok/s. */
export function runDeadlineMs(maxTokens: number, stallMs = DEFAULT_STALL_MS): number {
  return stallMs + maxTokens * SLOWEST_MS_PER_TOKEN;
}

export function buildRequest(req: GenerationRequest): { url: URL; body: string } {
  const base = req.baseUrl.replace(/\/+$/, '');
  if (req.dialect === 'ollama') {
    return {
      url: new URL(`${base}/api/generate`),
      body: JSON.stringify({
        model: req.model,
        prompt: req.prompt,
        stream: true,
        ...(req.maxTokens ? { options: { num_predict: req.maxTokens } } : {}),
      }),
    };
  }
  return {
    url: new URL(`${base}/chat/completions`),
    body: JSON.stringify({
      model: req.model,
      messages: [{ role: 'user', content: req.prompt }],
      stream: true,
      stream_options: { include_usage: true },
      ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
    }),
  };
}

export async function runGeneration(req: GenerationRequest): Promise<GenerationReply> {
  const { url, body } = buildRequest(req);
  const startedAt = performance.now();
  const meter = new GenerationMeter(req.model, startedAt);
  const decoder = new StreamDecoder(req.dialect);
  const stallMs = req.stallMs ?? DEFAULT_STALL_MS;
  const deltaLimit = req.maxTokens === undefined ? Infinity : req.maxTokens + EXTRA_DELTAS;
  let deltas = 0;
  const feed = (events: StreamEvent[]) => {
    const at = performance.now();
    for (const event of events) {
      meter.observe(event, at);
      req.onEvent?.(event, at);
      if (event.kind === 'delta') deltas += 1;
    }
  };
  // node:http rather than fetch: a few ms less client overhead, which TTFT would otherwise include.
  return new Promise<GenerationReply>((resolve) => {
    let settled = false;
    const settle = (reply: GenerationReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(stallTimer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(reply);
    };
    const end = (kind: GenerationOutcome, message: string | null) => {
      feed(decoder.end());
      settle({ ok: true, result: meter.finish(performance.now(), kind, message) });
    };
    let stallTimer: NodeJS.Timeout | undefined;
    const armStall = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        end('stalled', `no data for ${Math.round(stallMs / 1000)} s`);
        request.destroy();
      }, stallMs);
    };
    const overall = setTimeout(() => {
      end('stalled', 'the generation took too long');
      request.destroy();
    }, req.timeoutMs ?? (req.maxTokens === undefined ? DEFAULT_TIMEOUT_MS : runDeadlineMs(req.maxTokens, stallMs)));
    const onAbort = () => {
      end('cancelled', null);
      request.destroy();
    };
    const send = url.protocol === 'https:' ? https.request : http.request;
    const request = send(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        accept: req.dialect === 'ollama' ? 'application/x-ndjson' : 'text/event-stream',
      },
    });
    request.on('error', (error) => {
      if (meter.sawDone || settled) return;
      if (!responded) settle({ ok: false, reason: 'unreachable', message: `${url.origin} is not reachable (${error.message})` });
      else end('error', `the stream broke off (${error.message})`);
    });
    let responded = false;
    request.on('response', (response) => {
      responded = true;
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        collectError(response, (text) => settle(httpFailure(status, text, req.model)));
        return;
      }
      armStall();
      response.on('data', (chunk: Buffer) => {
        armStall();
        feed(decoder.push(chunk));
        // The server ignores max_tokens: the run has what it asked for, the rest is not waited for.
        if (deltas > deltaLimit) {
          settle({ ok: true, result: meter.finish(performance.now(), 'completed', null) });
          request.destroy();
        }
      });
      response.on('end', () => end(meter.sawDone ? 'completed' : 'error', meter.sawDone ? null : 'the stream ended before the server said it was done'));
      response.on('aborted', () => end('error', 'the server closed the stream early'));
      response.on('error', (error) => end('error', `the stream broke off (${error.message})`));
    });
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    armStall();
    request.end(body);
  });
}

function collectError(response: http.IncomingMessage, done: (text: string) => void): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    if (text.length < MAX_ERROR_BODY) text += chunk;
  });
  response.on('end', () => done(text.slice(0, MAX_ERROR_BODY)));
  response.on('error', () => done(text));
}

function httpFailure(status: number, text: string, model: string): GenerationReply {
  const mentionsModel = /model/i.test(text) && /not found|does not exist|unknown|no such/i.test(text);
  if (status === 404 && mentionsModel) return { ok: false, reason: 'unknown-model', message: `the server does not know the model "${model}"` };
  return { ok: false, reason: 'http', message: `the server answered HTTP ${status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 160)}` : ''}` };
}
