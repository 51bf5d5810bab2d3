// The contract promises the current state once to every new `state` subscriber; the transport layer
// keeps that promise for direct calls, the WebSocket bridge and IPC (the IPC case is in test/unit/main/ipc.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../src/cli/web-server';
import { commandNames, type CompanionApi } from '../../src/core/api/contract';
import type { AppState } from '../../src/core/api/schemas';
import { bindHandlers, type CommandHandlers } from '../../src/core/api/transport';
import { WS_PROTOCOL, tokenProtocol } from '../../src/core/api/ws-protocol';
import { createFakeApi, SAMPLE_STATE, type FakeApi } from '../fakes/fake-api';

/** A core built the way createCompanion builds it: handlers bound through the contract. */
function boundCore(fake: FakeApi): CompanionApi {
  const handlers = Object.fromEntries(
    commandNames.map((name) => [name, (input: unknown) => (fake.api[name] as (value: unknown) => Promise<unknown>)(input)]),
  );
  return { ...bindHandlers(handlers as unknown as CommandHandlers, fake.api.on) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('state on subscribe: direct calls', () => {
  it('hands a new state subscriber the current state once', async () => {
    const core = boundCore(createFakeApi());
    const seen: AppState[] = [];
    core.on('state', (state) => seen.push(state));
    await settle();
    expect(seen).toEqual([SAMPLE_STATE]);
  });

  it('does not replay an older state over a newer one emitted first', async () => {
    const fake = createFakeApi();
    const core = boundCore(fake);
    const seen: string[] = [];
    core.on('state', (state) => seen.push(state.tray));
    fake.emit('state', { ...SAMPLE_STATE, tray: 'disconnected' });
    await settle();
    expect(seen).toEqual(['disconnected']);
  });

  it('sends nothing after the subscriber left', async () => {
    const core = boundCore(createFakeApi());
    const seen: AppState[] = [];
    core.on('state', (state) => seen.push(state))();
    await settle();
    expect(seen).toEqual([]);
  });
});

describe('state on subscribe: WebSocket', () => {
  let server: WebServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('sends the current state exactly once, whether or not the core already does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    for (const api of [createFakeApi().api, boundCore(createFakeApi())]) {
      await server?.close();
      server = await startWebServer({ api, rendererDir: dir });
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}${server.wsPath}`, [WS_PROTOCOL, tokenProtocol(server.token)]);
      const events: unknown[] = [];
      ws.on('message', (data) => events.push(JSON.parse(data.toString())));
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify({ t: 'subscribe', event: 'state' }));
      await expect.poll(() => events.length).toBe(1);
      await settle();
      expect(events).toEqual([{ t: 'event', event: 'state', payload: SAMPLE_STATE }]);
      ws.terminate();
    }
  });
});
