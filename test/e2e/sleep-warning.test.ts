// The demo Mac goes idle towards a 2-minute sleep timer: the popover counts down to sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

describe('sleep warning in web mode', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoServer(), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('counts down to idle sleep while the eGPU is attached, and keeping awake ends it', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('gpu-name').textContent(), { timeout: 10_000 }).toBe('NVIDIA GeForce RTX 4090');
    const countdown = page.getByTestId('sleep-countdown');
    await expect.poll(() => countdown.textContent(), { timeout: 10_000 }).toMatch(/Mac sleeps in 0:[0-5]\d/);
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
    // One live countdown, not a second, stale one in the hazard list.
    expect(await page.getByText(/Mac sleeps in/).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('sleep-warning.png') });

    await page.getByRole('combobox', { name: 'Keep awake' }).selectOption('while-attached');
    await expect.poll(() => page.getByTestId('sleep-prevented').textContent(), { timeout: 10_000 }).toBe('sleep prevented by eGPU Companion');
    expect(await countdown.count()).toBe(0);
  });
});
