// Every view, light and dark, has zero colour-contrast and zero label violations (axe-core), and the
// popover works from the keyboard: Tab reaches its actions, Space/Enter press them, Escape closes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeSimState } from '../../src/core/sim/sim-control';
import { axeViolations } from '../support/axe';
import { openBrowser, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startDemoServer(), openBrowser()]);
  await browser.page.goto(app.url);
  await browser.page.getByTestId('gpu-name').waitFor({ timeout: 15_000 });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function show(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  await page.getByTestId(ready).first().waitFor({ timeout: 15_000 });
}

const VIEWS: Array<{ name: string; open: (page: Page) => Promise<void> }> = [
  { name: 'popover: Status', open: (page) => show(page, '#/popover', 'gpu-name') },
  {
    name: 'popover: Status with a warning open',
    open: async (page) => {
      await show(page, '#/popover', 'gpu-name');
      await writeSimState(app.simStateFile, { scenario: 'degraded-link', gpu: 'rtx4090' });
      const hazard = page.getByTestId('hazard').first();
      await hazard.waitFor({ timeout: 15_000 });
      await hazard.getByRole('button', { name: 'Details' }).click();
    },
  },
  {
    name: 'popover: Activity',
    open: async (page) => {
      await show(page, '#/popover', 'verdict');
      await page.getByRole('tab', { name: 'Activity' }).click();
    },
  },
  {
    name: 'popover: Settings',
    open: async (page) => {
      await show(page, '#/popover', 'verdict');
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByRole('form', { name: 'Settings' }).waitFor();
    },
  },
  { name: 'Speed', open: (page) => show(page, '#/speed', 'speed-comparison') },
  { name: 'Setup', open: (page) => show(page, '#/setup', 'setup-progress-text') },
  { name: 'Doctor', open: (page) => show(page, '#/doctor', 'doctor-verdict') },
];

// Back to the plain connected eGPU after the warning view, so the next views start from it.
async function connected(): Promise<void> {
  await writeSimState(app.simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
}

describe.each(['light', 'dark'] as const)('accessibility in %s mode', (colorScheme) => {
  beforeAll(async () => {
    await browser.page.emulateMedia({ colorScheme });
  });

  it.each(VIEWS.map((view) => [view.name, view] as const))('%s: no contrast or label violations', async (_name, view) => {
    const { page } = browser;
    await view.open(page);
    const violations = await axeViolations(page);
    await connected();
    expect(violations).toEqual([]);
  });
});

/** The focused element's name as a screen reader would start it: aria-label, its label, or its text. */
const FOCUSED_NAME = `(() => {
  const el = document.activeElement;
  if (!el) return '';
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
  return (el.getAttribute('aria-label') || label || el.textContent || '').trim();
})()`;

describe('keyboard', () => {
  it('reaches the popover’s actions with Tab, presses them with Enter, and closes with Escape', async () => {
    const { page } = browser;
    await page.emulateMedia({ colorScheme: 'light' });
    await show(page, '#/popover', 'gpu-name');
    await page.getByRole('tab', { name: 'Status' }).click();
    // Tab until the first warning's Details (or the refresh button when there is none) has the focus.
    const names: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      names.push(String(await page.evaluate(FOCUSED_NAME)));
    }
    for (const name of ['Refresh', 'Status', 'Prepare to unplug', 'Speed…', 'Copy diagnostics']) expect(names).toContain(name);
    expect(names.some((n) => /^Keep awake/.test(n))).toBe(true);

    // Enter on a focused tab button switches the view.
    await page.getByRole('tab', { name: 'Status' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Activity' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'Status' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('tab', { name: 'Status' }).getAttribute('aria-selected')).toBe('true');

    // Prepare to unplug with Space, from the keyboard alone.
    await page.getByRole('button', { name: 'Prepare to unplug' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('unplug-status').textContent(), { timeout: 5000 }).toMatch(/Safe to unplug|Not yet/);

    // Escape closes the popover; the menu-bar item opens it again.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('verdict').count()).toBe(0);
    await page.getByRole('button', { name: 'eGPU Companion' }).click();
    await page.getByTestId('verdict').waitFor();
  });

  it('announces warnings through a polite live region', async () => {
    const { page } = browser;
    expect(await page.locator('[aria-live="polite"]').filter({ has: page.locator('.hazards, :scope') }).count()).toBeGreaterThan(0);
    expect(await page.locator('.hazards-region').getAttribute('aria-live')).toBe('polite');
  });
});
