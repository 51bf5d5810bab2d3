// The soak's proxy load: a streaming upstream (OpenAI-style SSE at a steady pace) and N clients that
// stream one generation after another through the app's metering proxy. Counts what each side saw,
// so the soak can check that every generation got through and was recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runGeneration } from '../src/core/inference/metering/generation-client';

export interface UpstreamOptions {
  tokens: number;
  tokensPerSecond: number;
}

export interface StreamingUpstream {
  url: string;
  served: () => number;
  close: () => Promise<void>;
}

/** Streams `tokens` deltas at `tokensPerSecond`, then usage and [DONE], for every POST. */
export async function startStreamingUpstream(options: UpstreamOptions): Promise<StreamingUpstream> {
  let served = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed) {
          clearInterval(timer);
          timers.delete(timer);
          return;
        }
        if (sent < options.tokens) {
          res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: ` tok${sent}` } }] })}\n\n`);
          sent += 1;
          return;
        }
        clearInterval(timer);
        timers.delete(timer);
        served += 1;
        res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: options.tokens } })}\n\n`);
        res.end('data: [DONE]\n\n');
      }, 1000 / options.tokensPerSecond);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served: () => served,
    close: () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ProxyClients {
  completed: () => number;
  failed: () => number;
  lastFailure: () => string | null;
  /** Stops starting new generations and waits for those in flight. */
  stop: () => Promise<void>;
}

/** `count` clients, each streaming generations back to back through the proxy at `proxyUrl`. */
export function startProxyClients(proxyUrl: string, count: number): ProxyClients {
  let running = true;
  let completed = 0;
  let failed = 0;
  let lastFailure: string | null = null;
  const loop = async (client: number): Promise<void> => {
    while (running) {
      const reply = await runGeneration({ dialect: 'openai', baseUrl: `${proxyUrl}/v1`, model: `soak-model-${client}`, prompt: 'Explain CUDA in one paragraph', maxTokens: 200 });
      if (reply.ok && reply.result.outcome === 'completed') completed += 1;
      else {
        failed += 1;
        lastFailure = reply.ok ? `${reply.result.outcome}: ${reply.result.error ?? ''}` : reply.message;
      }
    }
  };
  const loops = Array.from({ length: count }, (_, i) => loop(i));
  return {
    completed: () => completed,
    failed: () => failed,
    lastFailure: () => lastFailure,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}
