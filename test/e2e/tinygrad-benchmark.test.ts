// The eGPU speed test in web mode: a fake python3 (named in settings.json) prints tinygrad's real
// --benchmark lines; the speed view's form shows progress, then "achieved … GB/s = … % of the RTX
// 4090's …". With the managed tinygrad server running, the speed view and the popover warn that it
// is open to the network; a result under 10 tok/s on an 8B model brings the guide's warning to the
// popover. Every process the fake started is gone when the app stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { FakePython } from '../support/fake-python';
import { startTinygradWebApp, type TinygradWebApp } from '../support/tinygrad-web-app';
import { screenshotPath, type Browser, type RunningApp } from '../support/web-app';
import { connect } from '../support/ws-load';

/** One command over the page's own WebSocket bridge, as a second client would send it. */
async function invoke(app: RunningApp, command: string, input: unknown): Promise<{ ok: boolean }> {
  const url = new URL(app.url);
  const ws: WebSocket = await connect({ port: Number(url.port), wsPath: `${url.pathname}api`, token: url.searchParams.get('token') ?? '' });
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data) => {
        const reply = JSON.parse(data.toString()) as { t: string; id?: number; result?: { ok: boolean } };
        if (reply.t === 'result' && reply.id === 1) resolve(reply.result!);
      });
      ws.send(JSON.stringify({ t: 'invoke', id: 1, command, input }));
    });
  } finally {
    ws.close();
  }
}

describe('the eGPU benchmark in web mode', () => {
  let web: TinygradWebApp;
  let app: RunningApp;
  let browser: Browser;
  let fake: FakePython;
  let port: number;

  beforeAll(async () => {
    web = await startTinygradWebApp({ lineDelayMs: 60, slowModel: 'qwen3:8b' });
    ({ app, browser, fake, port } = web);
  });
  afterAll(async () => {
    if (web) expect(await web.stop()).toBe(0);
  });

  it('runs tinygrad --benchmark from the speed-test form and compares the bandwidth with the card', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('gpu-name').textContent(), { timeout: 10_000 }).toContain('RTX 4090');
    await page.getByRole('button', { name: 'Speed…' }).click();
    await page.getByTestId('speed-server').selectOption('benchmark:tinygrad');
    expect(await page.getByTestId('benchmark-model').inputValue()).toBe('llama3.1:8b');
    expect(await page.getByTestId('benchmark-device').inputValue()).toBe('NV');
    await page.getByTestId('benchmark-tokens').selectOption('20');
    await page.getByTestId('benchmark-run').click();
    await expect.poll(() => page.getByTestId('benchmark-progress').textContent(), { timeout: 10_000 }).toMatch(/\d+ of 20 tokens/);
    const result = page.getByTestId('benchmark-result');
    await expect.poll(() => result.count(), { timeout: 15_000 }).toBe(1);
    expect(await result.textContent()).toBe("llama3.1:8b on the eGPU: 35.2 tok/s · achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s · 14523 MB moved per token");
    expect(await page.getByTestId('benchmark-log').textContent()).toContain('GB/s');
    const row = page.getByTestId('speed-comparison').locator('tbody tr').first();
    await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain('llama3.1:8b');
    expect(await row.textContent()).toContain('eGPU (tinygrad)');
    expect(await row.textContent()).toContain('35.2 tok/s');
  });

  it('warns that the managed server is open to the network, in the speed view and the popover, until it is stopped', async () => {
    const { page } = browser;
    expect((await invoke(app, 'startTinygrad', { model: 'llama3.1:8b', device: 'NV' })).ok).toBe(true);
    const banner = page.getByTestId('tinygrad-listens-text');
    await expect.poll(() => banner.count(), { timeout: 5000 }).toBe(1);
    expect(await banner.textContent()).toBe(`tinygrad's server accepts connections from your network on port ${port}; stop it when you are on an untrusted network.`);
    await expect.poll(() => page.getByTestId('tinygrad-phase').textContent(), { timeout: 10_000 }).toMatch(/^Serving on port/);
    await page.setViewportSize({ width: 900, height: 900 });
    await page.screenshot({ path: screenshotPath('speed-benchmark.png'), fullPage: true });
    // One tinygrad process at a time: the form refuses and says why.
    await page.getByTestId('benchmark-run').click();
    await expect.poll(() => page.getByRole('alert').allTextContents(), { timeout: 5000 }).toContainEqual(expect.stringContaining('stop it first'));

    await page.getByRole('button', { name: 'Back' }).click();
    const hazard = page.locator('[data-hazard-id="tinygrad-listens-on-network"]');
    await expect.poll(() => hazard.count(), { timeout: 5000 }).toBe(1);
    await hazard.getByRole('button', { name: 'Details' }).click();
    expect(await hazard.textContent()).toContain('Stop it when you are on an untrusted network.');

    await page.getByRole('button', { name: 'Speed…' }).click();
    await page.getByRole('button', { name: 'Stop the tinygrad server' }).click();
    await expect.poll(() => page.getByTestId('tinygrad-listens').count(), { timeout: 5000 }).toBe(0);
    expect(fake.processCount()).toBe(0);
  });

  it('a result under 10 tok/s on an 8B model shows the guide’s "backend not active" warning in the popover', async () => {
    const { page } = browser;
    await page.getByTestId('speed-server').selectOption('benchmark:tinygrad');
    await page.getByTestId('benchmark-model').selectOption('qwen3:8b');
    await page.getByTestId('benchmark-run').click();
    const result = page.getByTestId('benchmark-result');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^qwen3:8b on the eGPU: 6\.7 tok\/s/);
    await page.getByRole('button', { name: 'Back' }).click();
    const hazard = page.locator('[data-hazard-id="backend-not-active"]');
    await expect.poll(() => hazard.count(), { timeout: 5000 }).toBe(1);
    await hazard.getByRole('button', { name: 'Details' }).click();
    expect(await hazard.textContent()).toContain('6.7 tok/s on an 8B model: the eGPU is probably not doing the work');
    expect(await hazard.textContent()).toContain('under 10 tok/s on an 8B model means the GPU backend is not active');
    await hazard.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => hazard.count(), { timeout: 5000 }).toBe(0);
  });
});
