// "Run a model on the eGPU" in web mode: a fake python3 (named in settings.json) stands in for
// tinygrad's server. From the popover's link to the speed view's card: start it, watch it load and
// serve, send it a request and read tinygrad's own prefill/gen tok/s for it, see the popover's row,
// stop it from the UI — and no process of the fake is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGeneration } from '../../src/core/inference/metering/generation-client';
import type { FakePython } from '../support/fake-python';
import { startTinygradWebApp, type TinygradWebApp } from '../support/tinygrad-web-app';
import { screenshotPath, type Browser, type RunningApp } from '../support/web-app';

describe('running a model on the eGPU in web mode', () => {
  let web: TinygradWebApp;
  let app: RunningApp;
  let browser: Browser;
  let fake: FakePython;
  let port: number;

  beforeAll(async () => {
    web = await startTinygradWebApp({ loadMs: 600 });
    ({ app, browser, fake, port } = web);
  });
  afterAll(async () => {
    if (web) expect(await web.stop()).toBe(0);
  });

  it('starts tinygrad’s server from the card, shows its log and the tok/s of a request, and stops it from the UI', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('gpu-name').textContent(), { timeout: 10_000 }).toContain('RTX 4090');
    await page.getByRole('button', { name: 'Run a model on the eGPU…' }).click();

    const card = page.getByTestId('tinygrad-server');
    const phase = card.getByTestId('tinygrad-phase');
    await expect.poll(() => phase.textContent(), { timeout: 5000 }).toBe('Stopped');
    expect(await card.getByTestId('tinygrad-model').inputValue()).toBe('llama3.1:8b');
    expect(await card.getByTestId('tinygrad-device').inputValue()).toBe('NV');
    expect(await card.getByTestId('tinygrad-listens-note').textContent()).toContain(`listens on all network interfaces (port ${port})`);

    await card.getByTestId('tinygrad-start').click();
    await expect.poll(() => phase.textContent(), { timeout: 15_000 }).toBe(`Serving on port ${port} (http://127.0.0.1:${port}/v1)`);
    const log = card.getByTestId('tinygrad-log');
    expect(await log.textContent()).toContain('using device NV for llama3.1:8b');
    expect(await card.getByTestId('tinygrad-request').textContent()).toBe('No request yet: point an OpenAI-compatible client at it.');
    // The all-interfaces warning stands at the top of the view while it runs.
    expect(await page.getByTestId('tinygrad-listens').count()).toBe(1);

    const reply = await runGeneration({ dialect: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'llama3.1:8b', prompt: 'Explain CUDA in one paragraph' });
    expect(reply.ok).toBe(true);
    const request = card.getByTestId('tinygrad-request');
    await expect.poll(() => request.textContent(), { timeout: 5000 }).toBe('Last request: prefill 850 tok/s · gen 35.0 tok/s · 12 tokens');
    expect(await log.textContent()).toContain('gen:   35 tok/s');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: screenshotPath('speed-egpu-server.png') });

    await page.getByRole('button', { name: 'Back' }).click();
    const row = page.getByTestId('tinygrad-row-text');
    await expect.poll(() => row.textContent(), { timeout: 5000 }).toBe('tinygrad · llama3.1:8b on the eGPU · 35.0 tok/s');

    await page.getByRole('button', { name: 'Speed…' }).click();
    await card.getByTestId('tinygrad-stop').click();
    await expect.poll(() => phase.textContent(), { timeout: 10_000 }).toBe('Stopped');
    expect(fake.processCount()).toBe(0);
    await expect.poll(() => page.getByTestId('tinygrad-listens').count(), { timeout: 5000 }).toBe(0);
    expect(await card.getByTestId('tinygrad-start').isEnabled()).toBe(true);
  });
});
