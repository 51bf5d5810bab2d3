// The whole app in web mode: real core, real simulator processes, real renderer in Chromium.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimState } from '../../src/core/sim/sim-control';
import { ROOT, openBrowser, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

// The README's popover pictures come from popover-fit.test.ts at the real size; these are wide.
const SCREENSHOTS = {
  ready: screenshotPath('popover-wide.png'),
  degraded: screenshotPath('popover-warning-wide.png'),
};

// The default poll interval is 2 s; "within two poll intervals" plus time for one probe to run.
const TWO_POLLS_MS = 2 * 2000 + 1500;

describe('npm start without an Electron binary', () => {
  it('says so in one line, prints a URL, and the page shows the simulated RTX 4090', async () => {
    // EGPU_COMPANION_WEB makes a Mac with Electron installed take the same path as this machine.
    const app = await startDemoServer([], [path.join(ROOT, 'scripts', 'start.mjs')], { EGPU_COMPANION_WEB: '1' });
    const browser = await openBrowser();
    try {
      expect(app.output()).toContain('Electron is not available on this machine, so eGPU Companion runs in web mode with the device simulator.');
      await browser.page.goto(app.url);
      await expect.poll(() => browser.page.getByTestId('gpu-name').textContent(), { timeout: 10_000 }).toBe('NVIDIA GeForce RTX 4090');
    } finally {
      await browser.close();
      await app.stop();
    }
  });
});

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
    expect(await page.getByTestId('gpu-vram').textContent()).toContain('24 GB GDDR6X');
    expect(await page.getByTestId('gpu-link').textContent()).toBe('Thunderbolt 4 · PCIe x4 Gen4');
    expect(await page.getByTestId('gpu-driver').textContent()).toContain('TinyGPU 1.0.2 (Apple Signed)');
    expect(await page.getByTestId('tray-state').textContent()).toBe('Ready');
    // The demo Mac is about to idle to sleep; keeping it awake while the eGPU is attached, as a user
    // would, ends the warning. The servers arrive after the first state.
    await page.getByRole('combobox', { name: 'Keep awake' }).selectOption('while-attached');
    await expect.poll(() => page.getByTestId('sleep-countdown').count(), { timeout: 10_000 }).toBe(0);
    await page.getByTestId('tinygrad-open').waitFor();
    await page.screenshot({ path: SCREENSHOTS.ready });
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

  it('flags a degraded link, then a driver awaiting approval, with what to do', async () => {
    const { page } = browser;
    // Flip through the page's own demo control, as a person trying the demo would.
    await page.getByLabel('Simulated eGPU scenario').selectOption('degraded-link');
    await expect.poll(() => page.getByTestId('gpu-link').textContent(), { timeout: TWO_POLLS_MS }).toBe('Thunderbolt 3 · PCIe x1 Gen3');
    const linkHazard = page.getByTestId('hazard').filter({ hasText: 'eGPU link is slower than expected' });
    await expect.poll(() => linkHazard.count(), { timeout: TWO_POLLS_MS }).toBe(1);
    expect(await page.getByTestId('gpu-link').getAttribute('class')).toContain('badge-warning');
    expect(await page.getByTestId('tray-state').textContent()).toBe('Needs attention');
    await page.screenshot({ path: SCREENSHOTS.degraded });

    await page.getByLabel('Simulated eGPU scenario').selectOption('awaiting-approval');
    const approval = page.getByTestId('hazard').filter({ hasText: 'TinyGPU is waiting for your approval' });
    await expect.poll(() => approval.count(), { timeout: TWO_POLLS_MS }).toBe(1);
    await approval.getByRole('button', { name: 'Details' }).click();
    expect(await approval.getByRole('button', { name: 'Open System Settings' }).isVisible()).toBe(true);
    expect(await page.getByTestId('gpu-driver').textContent()).toContain('waiting for approval in System Settings');
  });

  it('says clearly when the status cannot be read, and recovers', async () => {
    const { page } = browser;
    await page.getByLabel('Simulated eGPU scenario').selectOption('crashing');
    await expect.poll(() => page.getByTestId('probe-error').textContent(), { timeout: TWO_POLLS_MS }).toMatch(/crashed \(SIGSEGV\)/);
    expect(await page.getByTestId('tray-state').textContent()).toBe('Status unknown');
    await page.getByLabel('Simulated eGPU scenario').selectOption('connected');
    await expect.poll(() => page.getByTestId('gpu-name').textContent(), { timeout: TWO_POLLS_MS * 3 }).toBe('NVIDIA GeForce RTX 4090');
  });

  it('refuses the page outside the session path, and keeps the token out of the address bar', async () => {
    const response = await fetch(`${new URL(app.url).origin}/?token=${new URL(app.url).searchParams.get('token')}`);
    expect(response.status).toBe(404);
    expect(browser.page.url()).not.toContain('token');
  });
});
