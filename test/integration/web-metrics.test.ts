// GET /metrics in web mode: off unless enabled, the session token as a bearer header, root path only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/cli/web-server';
import { SettingsSchema } from '../../src/core/api/settings';
import { createFakeApi } from '../fakes/fake-api';

function rendererFixture(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  return dir;
}

let server: WebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(setting: boolean, forced = false) {
  const settings = { value: SettingsSchema.parse({ inference: { metricsExport: setting } }) };
  const fake = createFakeApi({ getSettings: () => settings.value, getInferenceHistory: () => [] });
  server = await startWebServer({ api: fake.api, rendererDir: rendererFixture(), metrics: forced });
  return { server, fake, settings, url: `http://127.0.0.1:${server.port}/metrics` };
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('GET /metrics', () => {
  it('is not there while the export is off, even with the token', async () => {
    const { url, server: s, fake } = await start(false);
    const reply = await fetch(url, bearer(s.token));
    expect(reply.status).toBe(404);
    expect(fake.calls.map((c) => c.command)).not.toContain('getState');
  });

  it('serves the Prometheus text to the session token sent as a bearer header once the setting is on', async () => {
    const { url, server: s } = await start(true);
    const reply = await fetch(url, bearer(s.token));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(reply.headers.get('set-cookie')).toBeNull();
    const text = await reply.text();
    expect(text).toContain('# TYPE egpu_driver_state gauge');
    expect(text).toContain('egpu_driver_state{state="ready"} 1');
  });

  it('follows the setting as the user flips it, without a restart', async () => {
    const { url, server: s, settings } = await start(false);
    expect((await fetch(url, bearer(s.token))).status).toBe(404);
    settings.value = SettingsSchema.parse({ inference: { metricsExport: true } });
    expect((await fetch(url, bearer(s.token))).status).toBe(200);
  });

  it('is on with serve --metrics whatever the setting says', async () => {
    const { url, server: s } = await start(false, true);
    expect((await fetch(url, bearer(s.token))).status).toBe(200);
  });

  it('answers 401 without the token, with a wrong one, or with the token in the query string', async () => {
    const { url, server: s, fake } = await start(true);
    const noToken = await fetch(url);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(url, bearer('not-the-token'))).status).toBe(401);
    expect((await fetch(url, bearer(`${s.token}x`))).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Basic ${s.token}` } })).status).toBe(401);
    expect((await fetch(`${url}?token=${s.token}`)).status).toBe(401);
    expect(fake.calls.map((c) => c.command)).not.toContain('getState');
  });

  it('lives at the root path only, and refuses other hosts', async () => {
    const { server: s } = await start(true);
    const base = `http://127.0.0.1:${s.port}`;
    expect((await fetch(`${base}${s.basePath}metrics`, bearer(s.token))).status).toBe(404);
    expect((await fetch(`${base}/metrics/`, bearer(s.token))).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST', ...bearer(s.token) })).status).toBe(405);
    // A DNS-rebinding page would arrive with its own Host header.
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: s.port, path: '/metrics', headers: { authorization: `Bearer ${s.token}`, host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
    });
    expect(rebound).toBe(421);
  });
});
