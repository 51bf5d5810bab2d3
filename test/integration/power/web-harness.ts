// Web mode for the power tests: the real core over the WebSocket bridge, the device simulator, and
// a power port whose sleep timer and idle time follow a clock the test moves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../../src/cli/web-server';
import type { CompanionApi, InvokeResult } from '../../../src/core/api/contract';
import type { AppState, MonitorEvent } from '../../../src/core/api/schemas';
import { createApiClient, type RawTransport } from '../../../src/core/api/transport';
import { ServerMessageSchema, WS_PROTOCOL, tokenProtocol, type ClientMessage } from '../../../src/core/api/ws-protocol';
import { createCompanion } from '../../../src/core/companion';
import type { CompanionCore } from '../../../src/core/companion-types';
import type { Notification } from '../../../src/core/ports';
import { createDemoPowerPort, type DemoPowerPort } from '../../../src/core/sim/demo-power-port';
import { simBinDir, writeSimState, type SimScenario, type SimStateInput } from '../../../src/core/sim/sim-control';

/** The page's side of the bridge, as the renderer speaks it: invoke by name, subscribe to events. */
export async function pageTransport(server: WebServer): Promise<RawTransport & { close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${server.wsPath}`, [WS_PROTOCOL, tokenProtocol(server.token)]);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: InvokeResult) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  ws.on('message', (data: Buffer) => {
    const message = ServerMessageSchema.parse(JSON.parse(data.toString('utf8')));
    if (message.t === 'result') pending.get(message.id)?.(message.result);
    else if (message.t === 'event') for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  });
  const send = (message: ClientMessage) => ws.send(JSON.stringify(message));
  return {
    invoke: (command, input) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ t: 'invoke', id, command, input });
      }),
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      send({ t: 'subscribe', event });
      return () => set.delete(listener);
    },
    close: () => ws.close(),
  };
}

export const START = 1_800_000_000_000;

export interface Harness {
  page: CompanionApi;
  port: DemoPowerPort;
  events: MonitorEvent[];
  notifications: Notification[];
  states: AppState[];
  advance(ms: number): void;
  scenario(scenario: SimScenario): Promise<void>;
}

export interface WebModeOptions {
  /** settings.json in the data folder before the app starts. */
  settings?: object | null;
  /** More of the simulator's state (tinygradRunning, …). */
  sim?: Partial<SimStateInput>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function startWebMode(options: WebModeOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-power-web-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  cleanups.push(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });
  if (options.settings) writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(options.settings));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  const simStateFile = path.join(dataDir, 'sim-state.json');
  const sim = { scenario: 'connected' as SimScenario, gpu: 'rtx4090' as const, ...options.sim };
  await writeSimState(simStateFile, sim);
  let clock = START;
  const now = () => clock;
  const port = createDemoPowerPort(now);
  const notifications: Notification[] = [];
  const core: CompanionCore = createCompanion({
    dataDir,
    transport: 'web',
    demo: { simStateFile, simBinDir: simBinDir() },
    notifier: { notify: (n) => notifications.push(n) },
    now,
    power: port,
  });
  const server: WebServer = await startWebServer({ api: core, rendererDir });
  cleanups.push(() => server.close());
  await core.start();
  cleanups.push(() => core.stop());
  const ws = await pageTransport(server);
  cleanups.push(() => ws.close());
  const page = createApiClient(ws);
  const events: MonitorEvent[] = [];
  const states: AppState[] = [];
  page.on('monitorEvent', (event) => events.push(event));
  page.on('state', (state) => states.push(state));
  return {
    page,
    port,
    events,
    notifications,
    states,
    advance: (ms) => void (clock += ms),
    scenario: async (scenario) => void (await writeSimState(simStateFile, { ...sim, scenario })),
  };
}

export async function until<T>(read: () => T | undefined | null | false | '', what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export const lastState = (h: Harness) => h.states.at(-1);

