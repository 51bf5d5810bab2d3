// `npm run soak [-- --seconds N]`: the `serve --demo` stack (real core, simulator, WebSocket bridge) run
// for a while with the simulator flipping every few seconds and a client streaming state through the API,
// while four clients stream generations from a streaming upstream through the app's metering proxy.
// Prints memory, event-loop lag, handles and child processes; exits 1 when growth passes the bounds below.
// Only talks to 127.0.0.1. Run with --expose-gc (the npm script does) so heap figures are after a collection.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startWebServer } from '../src/cli/web-server';
import { WS_PROTOCOL, tokenProtocol } from '../src/core/api/ws-protocol';
import { createCompanion } from '../src/core/companion';
import { appRoot } from '../src/core/paths';
import { simBinDir, writeSimState, type SimScenario } from '../src/core/sim/sim-control';
import { freePort } from '../test/support/free-port';
import { startProxyClients, startStreamingUpstream } from './soak-proxy-load';

/** Growth allowed between the sample after warm-up and the last one. */
// The lag bound catches real blocking (sync I/O in a loop); on a shared 2-core machine p99 reached 90 ms.
export const BOUNDS = { rssGrowthMB: 40, heapGrowthMB: 15, handleGrowth: 5, lagP99Ms: 150 } as const;
const FLIP_EVERY_MS = 3_000;
const WARM_UP_MS = 15_000;
const FLIPS: SimScenario[] = ['connected', 'absent', 'degraded-link', 'connected', 'driver-not-loaded'];
/** Proxy load: 4 clients, each generation 100 tokens at 40 tok/s (2.5 s), back to back. */
const PROXY_CLIENTS = 4;
const UPSTREAM = { tokens: 100, tokensPerSecond: 40 } as const;

interface Sample {
  rssMB: number;
  heapMB: number;
  handles: number;
  children: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function sample(): Sample {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  return { rssMB: mb(memory.rss), heapMB: mb(memory.heapUsed), handles: process.getActiveResourcesInfo().length, children: childCount() };
}

/** Live child processes of this process, from /proc (Linux) — 0 elsewhere. */
export function childCount(pid = process.pid): number {
  let count = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0; // Not Linux: the figure is reported as 0 rather than guessed.
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') count += 1;
    } catch {
      continue; // The process ended between readdir and read: it is no child any more.
    }
  }
  return count;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '600' } } });
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds < 20) throw new Error('--seconds must be a number of at least 20');

  // tsx's esbuild service is a child of this process before the app starts any.
  const baselineChildren = childCount();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-soak-'));
  const simStateFile = path.join(dataDir, 'sim-state.json');
  await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
  const upstream = await startStreamingUpstream(UPSTREAM);
  const settings = { version: 1, inference: { proxy: { autoStart: false, port: await freePort(), target: upstream.url }, discovery: { enabled: false, ports: [] } } };
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  const core = createCompanion({ dataDir, transport: 'web', demo: { simStateFile, simBinDir: simBinDir() } });
  const server = await startWebServer({ api: core, rendererDir: path.join(appRoot(), 'out', 'renderer') });
  await core.start();
  const proxyStatus = await core.startMeteringProxy({});
  if (!proxyStatus.proxy.url) throw new Error(`the metering proxy did not start: ${proxyStatus.proxy.error ?? 'no reason given'}`);
  let measurements = 0;
  core.on('inferenceMeasurement', () => (measurements += 1));
  const clients = startProxyClients(proxyStatus.proxy.url, PROXY_CLIENTS);

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let stateEvents = 0;
  let roundTrips = 0;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${server.wsPath}`, [WS_PROTOCOL, tokenProtocol(server.token)]);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { t: string };
    if (message.t === 'event') stateEvents += 1;
    if (message.t === 'result') roundTrips += 1;
  });
  ws.send(JSON.stringify({ t: 'subscribe', event: 'state' }));
  ws.send(JSON.stringify({ t: 'subscribe', event: 'monitorEvent' }));

  let flip = 0;
  let nextId = 1;
  const flipper = setInterval(() => void writeSimState(simStateFile, { scenario: FLIPS[flip++ % FLIPS.length]!, gpu: 'rtx4090' }), FLIP_EVERY_MS);
  const asker = setInterval(() => ws.send(JSON.stringify({ t: 'invoke', id: nextId++, command: 'getState', input: {} })), 250);

  await new Promise((resolve) => setTimeout(resolve, Math.min(WARM_UP_MS, (seconds * 1000) / 4)));
  const start = sample();
  lag.reset();
  process.stdout.write(`soak: ${seconds} s, flipping every ${FLIP_EVERY_MS / 1000} s; start ${JSON.stringify(start)}\n`);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 - Math.min(WARM_UP_MS, (seconds * 1000) / 4)));
  clearInterval(flipper);
  clearInterval(asker);
  await clients.stop();
  const end = sample();
  const lagP99 = lag.percentile(99) / 1e6;
  lag.disable();

  ws.close();
  await server.close();
  await core.stop();
  await upstream.close();
  const proxy = { clients: PROXY_CLIENTS, completed: clients.completed(), failed: clients.failed(), lastFailure: clients.lastFailure(), upstreamServed: upstream.served(), measurements };
  const childrenAfterStop = childCount() - baselineChildren;
  rmSync(dataDir, { recursive: true, force: true });

  const report = {
    seconds,
    flips: flip,
    stateEvents,
    roundTrips,
    start,
    end,
    eventLoopLagP99Ms: Math.round(lagP99 * 10) / 10,
    childrenAfterStop,
    proxy,
    bounds: BOUNDS,
  };
  process.stdout.write(`soak: end ${JSON.stringify(end)}\n${JSON.stringify(report, null, 2)}\n`);
  const failures = [
    end.rssMB - start.rssMB > BOUNDS.rssGrowthMB && `RSS grew ${Math.round(end.rssMB - start.rssMB)} MB (bound ${BOUNDS.rssGrowthMB} MB)`,
    end.heapMB - start.heapMB > BOUNDS.heapGrowthMB && `heap grew ${Math.round(end.heapMB - start.heapMB)} MB (bound ${BOUNDS.heapGrowthMB} MB)`,
    end.handles - start.handles > BOUNDS.handleGrowth && `open handles grew from ${start.handles} to ${end.handles}`,
    lagP99 > BOUNDS.lagP99Ms && `event-loop lag p99 ${lagP99.toFixed(1)} ms (bound ${BOUNDS.lagP99Ms} ms)`,
    childrenAfterStop > 0 && `${childrenAfterStop} child processes left after stop`,
    stateEvents < flip && `only ${stateEvents} state events for ${flip} flips`,
    // Each client needs 2.5 s per generation: at least a third of that pace must get through.
    proxy.completed < Math.floor((seconds / 7.5) * PROXY_CLIENTS) && `only ${proxy.completed} generations through the proxy in ${seconds} s`,
    proxy.failed > 0 && `${proxy.failed} generations through the proxy failed (last: ${proxy.lastFailure ?? 'unknown'})`,
    proxy.measurements < proxy.completed && `${proxy.completed} generations but only ${proxy.measurements} measurements recorded`,
  ].filter((failure): failure is string => typeof failure === 'string');
  for (const failure of failures) process.stderr.write(`soak: FAIL ${failure}\n`);
  if (failures.length === 0) process.stdout.write('soak: PASS\n');
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
