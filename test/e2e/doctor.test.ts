// The eGPU doctor in web mode: real core, simulator tools and python3, renderer in Chromium. A pass
// and KeyError 63 (arch-garbage), README screenshots, contrast, and "Ready" no longer shown after a failed check.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeSimState } from '../../src/core/sim/sim-control';
import { openBrowser, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function contrastViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const page = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, o: object) => Promise<{ violations: Array<{ nodes: Array<{ html: string }> }> }> } };
    const result = await page.axe.run(page.document, { runOnly: ['color-contrast'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => n.html));
  });
}

async function runCompute(page: Page): Promise<void> {
  await page.getByTestId('check-egpu').click();
  await page.getByTestId('doctor').waitFor();
  // Opening the doctor runs checks 1–6 at once; the compute check waits for the click.
  await expect.poll(() => page.getByTestId('check-toolchain').getAttribute('data-status'), { timeout: 120_000 }).not.toBeNull();
  await expect.poll(() => page.getByTestId('doctor-compute').isEnabled(), { timeout: 120_000 }).toBe(true);
  await page.getByTestId('doctor-compute').click();
  // The verdict says it runs, then gives tinygrad's answer once the whole run is over.
  await expect.poll(() => page.getByTestId('doctor-verdict').textContent(), { timeout: 10_000 }).toBe('Running tinygrad on the eGPU…');
  await expect.poll(() => page.getByTestId('doctor-verdict').textContent(), { timeout: 120_000 }).not.toMatch(/Running|Checking/);
}

describe('the eGPU doctor in web mode', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoServer(), openBrowser()]);
    await browser.page.setViewportSize({ width: 380, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('passes every check on a working eGPU and shows the measured rate on the device card', async () => {
    const { page } = browser;
    await writeSimState(app.simStateFile, { scenario: 'connected', gpu: 'rtx4090', tinygradRunning: false });
    await page.goto(app.url);
    await page.getByTestId('gpu-name').waitFor();
    await runCompute(page);
    expect(await page.getByTestId('doctor-verdict').textContent()).toBe('The eGPU computes');
    for (const id of ['mac', 'driver', 'card', 'attached', 'leftovers', 'toolchain', 'compute']) {
      expect(await page.getByTestId(`check-${id}`).getAttribute('data-status')).toBe('pass');
    }
    expect(await page.getByTestId('check-compute').textContent()).toContain('3.1 GB/s host→device');
    expect(await contrastViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('doctor-pass.png'), fullPage: true });
    await page.getByRole('button', { name: '‹ Back' }).click();
    await expect.poll(() => page.getByTestId('gpu-measured').textContent(), { timeout: 10_000 }).toBe('measured 3.1 GB/s host→device');
    expect(await page.getByTestId('doctor-entry-state').textContent()).toMatch(/^computed (just now|\d min ago)$/);
  }, 300_000);

  it('names KeyError 63, and the popover no longer says Ready', async () => {
    const { page } = browser;
    await writeSimState(app.simStateFile, { scenario: 'arch-garbage', gpu: 'rtx4090' });
    await page.goto(app.url);
    await page.getByTestId('gpu-name').waitFor();
    // Keep the demo Mac awake so its sleep warning does not colour the tray.
    await page.getByRole('combobox', { name: 'Keep awake' }).selectOption('while-attached');
    await expect.poll(() => page.getByTestId('tray-state').textContent(), { timeout: 15_000 }).toBe('Ready');
    await runCompute(page);
    expect(await page.getByTestId('check-compute').getAttribute('data-status')).toBe('fail');
    expect(await page.getByTestId('doctor-verdict').textContent()).toBe("The eGPU does not work: The GPU's registers read garbage (KeyError: 63)");
    expect(await page.getByTestId('doctor-failure').textContent()).toContain('power-cycle it');
    expect(await contrastViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('doctor-arch-garbage.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await contrastViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: '‹ Back' }).click();
    await expect.poll(() => page.getByTestId('tray-state').textContent(), { timeout: 10_000 }).toBe('Needs attention');
    // The popover's one-line verdict is the failed check, the most severe warning.
    expect(await page.getByTestId('verdict').textContent()).toBe("Driver ready, but the GPU failed its check: The GPU's registers read garbage (KeyError: 63)");
  }, 300_000);
});
