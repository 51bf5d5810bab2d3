// The whole app in web mode: real core, real simulator processes, real renderer in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimState } from '../../src/core/sim/sim-control';
import { openBrowser, startDemoServer, type Browser, type RunningApp } from './harness';

// The default poll interval is 2 s; "within two poll intervals" plus time for one probe to run.
const TWO_POLLS_MS = 2 * 2000 + 1500;

describe('popover in web mode', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoServer(), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the simulated RTX 4090 with its VRAM, link and driver', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('gpu-name').textContent(), { timeout: 10_000 }).toBe('NVIDIA GeForce RTX 4090');
    expect(await page.getByTestId('gpu-vram').textContent()).toContain('24576 MB GDDR6X');
    expect(await page.getByTestId('gpu-link').textContent()).toBe('Thunderbolt 4 · PCIe x4 Gen4');
    expect(await page.getByTestId('gpu-driver').textContent()).toContain('TinyGPU 1.0.2 (Apple Signed)');
    expect(await page.getByTestId('tray-state').textContent()).toBe('Ready');
  });

  it('turns to a disconnected state within two poll intervals when the eGPU is unplugged', async () => {
    const { page } = browser;
    await writeSimState(app.simStateFile, { scenario: 'absent', gpu: 'rtx4090' });
    await expect.poll(() => page.getByTestId('tray-state').textContent(), { timeout: TWO_POLLS_MS, interval: 100 }).toBe('Disconnected');
    expect(await page.getByTestId('no-device').isVisible()).toBe(true);
    expect(await page.getByTestId('gpu-name').count()).toBe(0);
  });

  it('comes back when the eGPU is connected again', async () => {
    const { page } = browser;
    await writeSimState(app.simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
    await expect.poll(() => page.getByTestId('gpu-name').textContent(), { timeout: TWO_POLLS_MS, interval: 100 }).toBe('NVIDIA GeForce RTX 4090');
  });

  it('refuses the page without the session token', async () => {
    const response = await fetch(app.url.replace(/\?token=.*/, ''));
    expect(response.status).toBe(401);
  });
});
