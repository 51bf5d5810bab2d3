// Web mode as a local attacker and a busy machine see it: the session never reaches another
// 127.0.0.1 port, and `serve` on a busy port ends with one line and exit 2.
import { execFile } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, ROOT, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

const CLI = path.join(ROOT, 'bin', 'egpu-companion.mjs');

/** A neighbour on another local port that records everything browsers send it. */
async function startSpy(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}`);
    res.writeHead(200, { 'content-type': 'text/html', 'access-control-allow-origin': '*' }).end('<title>neighbour</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('web mode session', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startDemoServer();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('gives another local port no token: no cookie, no URL, no referrer, not in the address bar', async () => {
    const token = new URL(app.url).searchParams.get('token')!;
    const spy = await startSpy();
    try {
      const { page } = browser;
      await page.goto(app.url);
      await page.getByTestId('gpu-name').waitFor({ timeout: 15_000 });
      expect(page.url()).not.toContain(token);
      expect((await browser.context.cookies()).map((cookie) => cookie.value).join()).not.toContain(token);

      // The page's CSP (connect-src 'self') stops a fetch to a neighbour before it leaves the browser.
      const fetched = await page.evaluate((target) => fetch(target, { credentials: 'include' }).then(() => 'sent', () => 'blocked'), spy.url);
      expect(fetched).toBe('blocked');
      // A navigation the page itself starts, as a clicked link would.
      await page.evaluate(`location.href = ${JSON.stringify(`${spy.url}from-app`)}`);
      await page.waitForURL(`${spy.url}from-app`, { timeout: 10_000 });
      expect(spy.seen.length).toBeGreaterThanOrEqual(1);
      for (const request of spy.seen) expect(request).not.toContain(token);

      // A reload of the page in the same tab still connects: the token lives in this origin's sessionStorage.
      await page.goBack({ timeout: 10_000 });
      await page.getByTestId('gpu-name').waitFor({ timeout: 15_000 });
      expect(page.url()).not.toContain(token);
    } finally {
      await spy.close();
    }
  });
});

describe('serve on a busy port', () => {
  it('fails at once with one line and exit code 2', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-busy-'));
    try {
      const run = await new Promise<{ code: number | string | null; stderr: string }>((resolve) => {
        execFile(process.execPath, [CLI, 'serve', '--demo', '--port', String(port), '--data-dir', dataDir], { timeout: 15_000 }, (error, _stdout, stderr) =>
          resolve({ code: error ? (error.code ?? error.signal ?? null) : 0, stderr }),
        );
      });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([`egpu-companion: port ${port} on 127.0.0.1 is already in use: stop what uses it or choose another with --port`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
