// Web mode under load: a 10,000-message burst, 200 parallel connections and oversize messages.
// Afterwards the server is still up and answers `getState` within 100 ms.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../src/cli/web-server';
import { createFakeApi } from '../fakes/fake-api';
import { burst, connect, mixedMessages, timedGetState } from '../support/ws-load';

let server: WebServer;
const open: WebSocket[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  server = await startWebServer({ api: createFakeApi({}).api, rendererDir: dir });
});
afterAll(async () => {
  for (const ws of open) ws.terminate();
  await server.close();
});

async function answersGetStateQuickly(): Promise<void> {
  const ws = await connect(server);
  open.push(ws);
  await timedGetState(ws); // the first call also warms the test client's own JSON path; time the second
  const roundTrip = await timedGetState(ws);
  expect(roundTrip).toBeLessThan(100);
  ws.close();
}

describe('web mode under load', () => {
  it('answers every message of a 10,000-message burst, then getState within 100 ms', async () => {
    const ws = await connect(server);
    open.push(ws);
    const { replies } = await burst(ws, mixedMessages(10_000));
    expect(replies).toBe(10_000);
    ws.close();
    await answersGetStateQuickly();
  }, 30_000);

  it('serves 200 parallel connections, each with a burst, then getState within 100 ms', async () => {
    const sockets = await Promise.all(Array.from({ length: 200 }, () => connect(server)));
    open.push(...sockets);
    const answered = await Promise.all(sockets.map((ws) => burst(ws, mixedMessages(20))));
    expect(answered.every(({ replies }) => replies === 20)).toBe(true);
    for (const ws of sockets) ws.close();
    await answersGetStateQuickly();
  }, 30_000);

  it('closes connections that send oversize messages and keeps answering the others', async () => {
    const bystander = await connect(server);
    open.push(bystander);
    const oversize = 'x'.repeat(2 * 1024 * 1024);
    const attackers = await Promise.all(Array.from({ length: 10 }, () => connect(server)));
    open.push(...attackers);
    const codes = await Promise.all(
      attackers.map(
        (ws) =>
          new Promise<number>((resolve) => {
            ws.on('error', () => undefined); // the client may see the reset; the close code is what matters
            ws.once('close', (code) => resolve(code));
            ws.send(oversize);
          }),
      ),
    );
    expect(codes.every((code) => code === 1009 || code === 1006)).toBe(true);
    expect(codes).toContain(1009);
    expect(await timedGetState(bystander)).toBeLessThan(100);
    await answersGetStateQuickly();
  }, 30_000);
});
