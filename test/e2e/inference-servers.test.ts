// Discovery in web mode: servers speaking tinygrad's, Ollama's and llama.cpp's dialects on ephemeral
// ports (named in settings.json as the ports to look at) show up in the popover and the speed view,
// tinygrad under the eGPU and the rest under the Apple-GPU baseline, each with its state.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startFixtureServer, type TestServer } from '../servers/dialect-server';
import { openBrowser, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

describe('inference servers in web mode', () => {
  let app: RunningApp;
  let browser: Browser;
  let servers: TestServer[] = [];
  let ports: { tinygrad: number; ollama: number; llama: number; nothing: number };

  beforeAll(async () => {
    const [tinygrad, ollama, llama, nothing] = await Promise.all([startFixtureServer('tinygrad'), startFixtureServer('ollama'), startFixtureServer('llamacpp-loading'), closedPort()]);
    servers = [tinygrad, ollama, llama];
    ports = { tinygrad: tinygrad.port, ollama: ollama.port, llama: llama.port, nothing };
    const settings = {
      inference: {
        tinygrad: { port: tinygrad.port },
        discovery: {
          ports: [
            { port: ollama.port, expect: 'ollama' },
            { port: llama.port, expect: 'llamacpp' },
            { port: nothing, expect: 'lmstudio' },
          ],
        },
      },
    };
    [app, browser] = await Promise.all([
      startDemoServer([], undefined, {}, (dir) => writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings))),
      openBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('groups the servers it found by GPU, with their state in words', async () => {
    const { page } = browser;
    await page.goto(app.url);
    // The servers live in the Speed window; the popover keeps one inference line.
    await page.getByRole('button', { name: 'Speed…' }).click();
    const egpu = page.getByTestId('speed-servers').getByTestId('server-group-egpu');
    const apple = page.getByTestId('speed-servers').getByTestId('server-group-apple-gpu');
    await expect.poll(() => egpu.getByTestId(`server-row-port-${ports.tinygrad}`).textContent(), { timeout: 10_000 }).toMatch(/^tinygrad :\d+\s*running$/);
    expect(await egpu.textContent()).toContain('eGPU (tinygrad)');
    expect(await egpu.textContent()).not.toMatch(/Ollama|llama\.cpp/);
    expect(await apple.getByTestId(`server-row-port-${ports.ollama}`).textContent()).toMatch(/^Ollama :\d+ 0\.11\.4\s*running$/);
    expect(await apple.getByTestId(`server-row-port-${ports.llama}`).textContent()).toContain('loading model');
    expect(await apple.getByTestId(`server-row-port-${ports.nothing}`).textContent()).toMatch(/^LM Studio :\d+\s*not running$/);
    await page.getByTestId('speed-servers').screenshot({ path: screenshotPath('inference-servers.png') });
  });

  it('lists every server with its badge in the speed view', async () => {
    const { page } = browser;
    const list = page.getByTestId('speed-servers');
    await expect.poll(() => list.getByTestId('server-state').allTextContents(), { timeout: 10_000 }).toEqual(['running', 'running', 'loading model', 'not running']);
  });
});
