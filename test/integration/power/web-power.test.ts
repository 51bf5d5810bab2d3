// Web mode end to end for the power features: the real core over the WebSocket bridge, the device
// simulator, and a power port whose sleep timer and idle time the test controls.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../../src/cli/web-server';
import type { CompanionApi } from '../../../src/core/api/contract';
import type { AppState, MonitorEvent } from '../../../src/core/api/schemas';
import { createApiClient } from '../../../src/core/api/transport';
import { createCompanion } from '../../../src/core/companion';
import type { CompanionCore } from '../../../src/core/companion-types';
import type { Notification } from '../../../src/core/ports';
import { createDemoPowerPort, type DemoPowerPort } from '../../../src/core/sim/demo-power-port';
import { simBinDir, writeSimState, type SimScenario } from '../../../src/core/sim/sim-control';
import { ServerMessageSchema, WS_PROTOCOL, tokenProtocol, type ClientMessage } from '../../../src/core/api/ws-protocol';
import type { InvokeResult } from '../../../src/core/api/contract';
import type { RawTransport } from '../../../src/core/api/transport';

/** The page's side of the bridge, as the renderer speaks it: invoke by name, subscribe to events. */
async function pageTransport(server: WebServer): Promise<RawTransport & { close(): void }> {
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

const START = 1_800_000_000_000;
const STEP_MS = 120_000;

interface Harness {
  page: CompanionApi;
  port: DemoPowerPort;
  events: MonitorEvent[];
  notifications: Notification[];
  states: AppState[];
  advance(ms: number): void;
  scenario(scenario: SimScenario): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWebMode(settings: object | null = null): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-power-web-'));
  if (settings) writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  const simStateFile = path.join(dataDir, 'sim-state.json');
  await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
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
    scenario: async (scenario) => void (await writeSimState(simStateFile, { scenario, gpu: 'rtx4090' })),
  };
}

async function until<T>(read: () => T | undefined | null | false | '', what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const lastState = (h: Harness) => h.states.at(-1);

describe('power features in web mode', () => {
  it('shows the sleep countdown while an eGPU is attached and idle sleep is near', async () => {
    const h = await startWebMode();
    const state = await until(() => h.states.find((s) => s.power?.warning), 'the sleep warning');
    expect(state.power?.supported).toBe(true);
    expect(state.power?.secondsToSleep).toBe(60);
    expect(state.power?.sleepTimerMin).toBe(2);
    expect(state.hazards.map((hazard) => hazard.id)).toContain('sleep-soon');
    expect(state.tray).toBe('ok');
    const warned = await until(() => h.events.find((e) => e.kind === 'sleep-soon'), 'the sleep-soon event');
    expect(warned.message).toMatch(/^Mac sleeps in/);
    expect(h.notifications.some((n) => n.id.startsWith('sleep-soon'))).toBe(true);

    // Keep awake while attached: the warning gives way to "sleep prevented by …".
    const kept = await h.page.setKeepAwake({ mode: 'while-attached' });
    expect(kept.power?.keepAwake).toMatchObject({ mode: 'while-attached', holding: true });
    const prevented = await until(() => (lastState(h)?.power?.preventedLine ? lastState(h) : null), 'the prevented line');
    expect(prevented.power?.warning).toBe(false);
    expect(prevented.hazards.map((hazard) => hazard.id)).not.toContain('sleep-soon');
    expect((await h.page.getSettings({})).power.keepAwake).toBe('while-attached');
  });

  it('resume with the eGPU → "eGPU is back" and no warning; resume without it → critical warning and a notification', async () => {
    const h = await startWebMode();
    await until(() => lastState(h)?.devices.length === 1, 'the device');

    h.advance(STEP_MS);
    h.port.emit('suspend');
    h.advance(STEP_MS);
    h.port.emit('resume');
    const back = await until(() => h.events.find((e) => e.kind === 'woke' && e.severity === 'info' && e.message.startsWith('eGPU is back')), 'eGPU is back');
    expect(back.deviceKey).toBe('NVIDIA GeForce RTX 4090#0');
    const calm = await h.page.getState({});
    expect(calm.hazards.filter((hazard) => hazard.severity === 'critical')).toEqual([]);
    expect(h.notifications.filter((n) => n.severity === 'critical')).toEqual([]);

    h.advance(STEP_MS);
    h.port.emit('suspend');
    await h.scenario('absent');
    h.advance(STEP_MS);
    h.port.emit('resume');
    const lost = await until(() => h.events.find((e) => e.kind === 'woke' && e.severity === 'critical'), 'the critical wake event');
    expect(lost.message).toContain('did not come back after sleep');
    const state = await until(() => (lastState(h)?.hazards.some((hazard) => hazard.severity === 'critical') ? lastState(h) : null), 'the critical warning in the page');
    const critical = state.hazards.find((hazard) => hazard.severity === 'critical');
    expect(critical?.title).toBe('eGPU did not come back after sleep');
    // The critical warning replaces the monitor's milder "did not come back" one.
    expect(state.hazards.map((hazard) => hazard.id)).not.toContain('hot-plug-missing-after-wake:NVIDIA GeForce RTX 4090#0');
    expect(h.notifications.some((n) => n.severity === 'critical' && n.title === 'eGPU did not come back after sleep')).toBe(true);
  });

  it('keeps the Mac awake from the start when the saved mode says so', async () => {
    const h = await startWebMode({ power: { keepAwake: 'while-attached' } });
    const state = await until(() => (lastState(h)?.power?.preventedLine ? lastState(h) : null), 'the prevented line');
    expect(state.power?.keepAwake).toMatchObject({ mode: 'while-attached', holding: true });
    expect(state.power?.preventedLine).toBe('sleep prevented by eGPU Companion');
    expect(state.hazards.map((hazard) => hazard.id)).not.toContain('sleep-soon');
  });
});
