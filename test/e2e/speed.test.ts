// Live inference speed in web mode: a test server streams at a controlled rate, a client's request
// goes through the metering proxy the page starts, and the popover's sparkline, the menu-bar title
// and the speed view follow it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamServerProcess, type StreamServerProcess } from '../servers/stream-server-process';
import { makeFakePython, type FakePython } from '../support/fake-python';
import { openBrowser, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';
import { freePort } from '../support/free-port';

const MODEL = 'llama3.1:8b';

/** A client's chat through the proxy, read to the end as a chat app would. */
async function chatThroughProxy(proxyPort: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${proxyPort}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Explain CUDA in one paragraph' }] }),
  });
  return response.text();
}

describe('live inference speed in web mode', () => {
  let app: RunningApp;
  let browser: Browser;
  let backend: StreamServerProcess;
  let proxyPort: number;
  // A python3 with tinygrad, so the speed view's eGPU card is ready to start whatever this machine has.
  let python: FakePython;

  beforeAll(async () => {
    python = makeFakePython();
    // 20 tok/s for 6 s: long enough to watch the sparkline move between readings.
    [backend, proxyPort] = await Promise.all([startStreamServerProcess({ tokensPerSecond: 20, ttftMs: 200, tokens: 120 }), freePort()]);
    const settings = {
      inference: {
        proxy: { autoStart: false, port: proxyPort, target: backend.url },
        servers: [{ id: 'test-server', name: 'Test server', dialect: 'openai', url: backend.openAiUrl }],
        tinygrad: { python: python.python },
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
    await backend?.close();
    python?.remove();
  });

  it('moves the sparkline and shows the tok/s title while a chat streams through the proxy', async () => {
    const { page } = browser;
    await page.goto(app.url);
    // The demo Mac counts down to sleep, and the menu bar shows that before tok/s (as the Mac's does):
    // keep it awake first, as someone about to run a model would.
    await page.getByRole('combobox', { name: 'Keep awake' }).selectOption('while-attached');
    await expect.poll(() => page.getByTestId('sleep-countdown').count(), { timeout: 10_000 }).toBe(0);
    // The live figures and the proxy are in the Speed window; the popover keeps one inference line.
    await page.getByRole('button', { name: 'Speed…' }).click();
    await expect.poll(() => page.getByTestId('proxy-state').textContent(), { timeout: 10_000 }).toBe('Metering proxy off');
    await page.getByTestId('inference').getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('proxy-state').textContent(), { timeout: 5000 }).toBe(`Metering proxy on http://127.0.0.1:${proxyPort}`);

    const chat = chatThroughProxy(proxyPort);
    const sparkline = page.getByTestId('sparkline').locator('path');
    await expect.poll(() => sparkline.getAttribute('d'), { timeout: 5000 }).toMatch(/^M.*L/);
    const first = await sparkline.getAttribute('d');
    await page.waitForTimeout(800);
    const later = await sparkline.getAttribute('d');
    expect(later).not.toBe(first);
    expect(await page.getByTestId('live-model').textContent()).toBe(`Generating · ${MODEL} · Test server`);
    expect(await page.getByTestId('live-ttft').textContent()).toMatch(/^TTFT \d+ ms$/);

    await expect.poll(() => page.getByTestId('tray-title').textContent(), { timeout: 5000 }).toMatch(/^\d+ tok\/s$/);
    // The first readings of a stream are noisy; within a couple of updates the title settles on ~20.
    const titleRate = async () => Number((await page.getByTestId('tray-title').textContent())?.split(' ')[0]);
    await expect.poll(async () => Math.abs((await titleRate()) - 20) <= 4, { timeout: 4000, interval: 250 }).toBe(true);

    expect(await chat).toContain('[DONE]');
    // Cleared after the generation; the result lands under the Apple-GPU baseline, not the eGPU.
    await expect.poll(() => page.getByTestId('tray-title').count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => page.getByTestId('group-apple-gpu').textContent(), { timeout: 5000 }).toContain(MODEL);
    expect(await page.getByTestId('group-egpu').count()).toBe(0);
    expect(await page.getByTestId('live-median').textContent()).toMatch(/^median (19|20|21)\.\d tok\/s$/);
  });

  it('draws tok/s over time and compares this Mac with the guide and the card in the speed view', async () => {
    const { page } = browser;
    await expect.poll(() => page.getByTestId('speed-chart').locator('canvas').count(), { timeout: 10_000 }).toBe(1);
    expect(Number(await page.getByTestId('speed-chart').getAttribute('data-points'))).toBeGreaterThan(10);
    const row = page.getByTestId('speed-comparison').locator('tbody tr').first();
    await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain(MODEL);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Apple GPU (baseline)');
    // The guide's range and the card's limit are eGPU figures: a baseline row has none.
    expect(text).not.toContain('45–50 tok/s');
    expect(text).not.toContain('210 tok/s');
    expect(await row.locator('td').nth(3).textContent()).toBe('—');
    expect(await row.locator('td').nth(4).textContent()).toBe('—');

    // A speed test from the form: server and model from the lists the core returns, one run.
    await backend.setScenario({ tokensPerSecond: 50, ttftMs: 100, tokens: 40 });
    await page.getByTestId('speed-server').selectOption('test-server');
    await expect.poll(() => page.getByTestId('speed-model').locator('option').allTextContents(), { timeout: 5000 }).toContain('qwen3:8b');
    await page.getByTestId('speed-model').selectOption('qwen3:8b');
    await page.getByTestId('speed-runs').selectOption('1');
    await page.getByTestId('speed-run').click();
    const results = page.getByTestId('speed-results');
    await expect.poll(() => results.locator('tbody tr').count(), { timeout: 15_000 }).toBe(1);
    expect(await results.locator('tbody tr').first().textContent()).toMatch(/qwen3:8b(4[89]|5[01])\.\d tok\/s/);
    await expect.poll(() => page.getByTestId('speed-comparison').locator('tbody tr').count(), { timeout: 5000 }).toBe(2);
    // The chart plots the new result among the saved ones.
    await expect.poll(async () => Number(await page.getByTestId('speed-chart').getAttribute('data-saved')), { timeout: 5000 }).toBe(2);
    await page.setViewportSize({ width: 900, height: 900 });
    // Clicking Run scrolled the form into sight; the picture starts at the view's top.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('speed-view.png') });
  });

  it('plots saved history after a reload, and a new speed test as one more point', async () => {
    const { page } = browser;
    const chart = page.getByTestId('speed-chart');
    const saved = async () => Number(await chart.getAttribute('data-saved'));
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Speed…' }).click();
    // Nothing streams now: what the chart shows came from the saved history.
    await expect.poll(saved, { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId('speed-chart-empty').count()).toBe(0);
    expect(await chart.locator('canvas').count()).toBe(1);

    await page.getByTestId('speed-server').selectOption('test-server');
    await expect.poll(() => page.getByTestId('speed-model').locator('option').allTextContents(), { timeout: 5000 }).toContain('qwen3:8b');
    await page.getByTestId('speed-model').selectOption('qwen3:8b');
    await page.getByTestId('speed-runs').selectOption('1');
    await page.getByTestId('speed-run').click();
    await expect.poll(saved, { timeout: 15_000 }).toBe(3);
  });
});
