// The popover at its real size (380×560, web mode) in the four common states: the verdict, the device
// name (when there is one) and the footer are on screen without scrolling, nothing in the body needs
// a scroll bar, and the first warning listed is the most severe one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeSimState } from '../../src/core/sim/sim-control';
import type { DemoScenario } from '../../src/core/api/schemas';
import { openBrowser, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

const POPOVER = { width: 380, height: 560 };
const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };
const TWO_POLLS_MS = 2 * 2000 + 1500;

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startDemoServer(), openBrowser()]);
  await browser.page.setViewportSize(POPOVER);
  await browser.page.goto(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Whether an element lies wholly inside the viewport as it is, without scrolling anything. */
async function inViewport(page: Page, testId: string): Promise<unknown> {
  await page.getByTestId(testId).first().waitFor();
  // Runs in the page (a string: this file is compiled without the DOM's types).
  return page.evaluate(`(() => {
    const box = document.querySelector('[data-testid="${testId}"]').getBoundingClientRect();
    return box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  })()`);
}

async function showScenario(page: Page, scenario: DemoScenario, ready: () => Promise<boolean>): Promise<void> {
  await writeSimState(app.simStateFile, { scenario, gpu: 'rtx4090' });
  await expect.poll(ready, { timeout: TWO_POLLS_MS * 2, interval: 200 }).toBe(true);
}

/** README pictures: the popover connected and with a warning, light and dark. */
const SCREENSHOT_NAMES: Partial<Record<DemoScenario, string>> = { connected: 'popover', 'degraded-link': 'popover-warning' };

const cases: Array<{ name: string; scenario: DemoScenario; device: boolean; verdict: RegExp; ready: (page: Page) => Promise<boolean> }> = [
  {
    name: 'connected',
    scenario: 'connected',
    device: true,
    verdict: /^(Ready|Mac will sleep soon)$/,
    ready: async (page) => (await page.getByTestId('gpu-link').textContent()) === 'Thunderbolt 4 · PCIe x4 Gen4',
  },
  {
    name: 'connected with one warning',
    scenario: 'degraded-link',
    device: true,
    verdict: /^eGPU link is slower than expected$/,
    ready: async (page) => (await page.getByTestId('verdict').textContent()) === 'eGPU link is slower than expected',
  },
  {
    name: 'absent',
    scenario: 'absent',
    device: false,
    verdict: /.+/,
    ready: async (page) => (await page.getByTestId('no-device').count()) === 1,
  },
  {
    name: 'awaiting approval',
    scenario: 'awaiting-approval',
    device: false,
    verdict: /^TinyGPU is waiting for your approval$/,
    ready: async (page) => (await page.getByTestId('verdict').textContent()) === 'TinyGPU is waiting for your approval',
  },
];

describe.each(['light', 'dark'] as const)('the popover at 380×560, %s', (colorScheme) => {
  beforeAll(async () => {
    await browser.page.emulateMedia({ colorScheme });
  });
  for (const c of cases) {
    it(`fits with nothing to scroll: ${c.name}`, async () => {
      const { page } = browser;
      await showScenario(page, c.scenario, () => c.ready(page));
      expect(await page.getByTestId('verdict').textContent()).toMatch(c.verdict);
      expect(await inViewport(page, 'verdict')).toBe(true);
      expect(await inViewport(page, 'popover-footer')).toBe(true);
      if (c.device) expect(await inViewport(page, 'gpu-name')).toBe(true);
      else expect(await page.getByTestId('gpu-name').count()).toBe(0);
      // Nothing below the fold: neither the page nor the popover's body scrolls.
      const overflow = await page.evaluate(`(() => {
        const body = document.querySelector('.popover-body');
        return { page: document.documentElement.scrollHeight - window.innerHeight, body: body ? body.scrollHeight - body.clientHeight : -1 };
      })()`);
      expect(overflow).toEqual({ page: 0, body: 0 });

      const severities = await page.getByTestId('hazard').evaluateAll((items) => items.map((item) => item.getAttribute('data-severity') ?? ''));
      if (severities.length > 0) {
        const mostSevere = Math.min(...severities.map((s) => SEVERITY_RANK[s] ?? 9));
        expect(SEVERITY_RANK[severities[0] ?? '']).toBe(mostSevere);
        // The header's verdict is that first warning (the sleep countdown has its own line).
        const firstTitle = await page.getByTestId('hazard').first().locator('.hazard-title').textContent();
        expect(await page.getByTestId('verdict').textContent()).toBe(firstTitle);
      }
      const name = SCREENSHOT_NAMES[c.scenario];
      if (name) await page.screenshot({ path: screenshotPath(`${name}${colorScheme === 'dark' ? '-dark' : ''}.png`) });
    });
  }
});
