// The setup wizard in web mode: the real SetupService running a harmless test recipe in a real pty,
// the real renderer and xterm.js in Chromium. The passphrase is typed into the terminal like a user would.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, ROOT, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

const RECIPES_DIR = path.join(ROOT, 'test', 'fixtures', 'recipes-e2e');
const SCREENSHOT = screenshotPath('setup-wizard.png');
const SECRET = 'correct-horse-battery-staple';
/** Generous: a step starts a login shell in a pty and waits 250 ms for trailing output. */
const WAIT = { timeout: 20_000 };

describe('setup wizard in web mode', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoServer(['--recipes', RECIPES_DIR]), openBrowser()]);
    page = browser.page;
    await page.setViewportSize({ width: 1100, height: 760 });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const stepTab = (title: string) => page.getByRole('tab', { name: new RegExp(title) });
  const statusOf = (title: string) => stepTab(title).getByTestId('step-status').textContent();
  const progressText = () => page.getByTestId('setup-progress-text').textContent();
  // xterm's DOM renderer draws spaces as no-break spaces.
  const terminalText = async () => ((await page.locator('.xterm-rows').textContent()) ?? '').replace(/\u00a0/g, ' ');
  const runButton = () => page.getByRole('button', { name: 'Run', exact: true });

  it('runs a step that prints, then a step that asks for a passphrase typed into the terminal', async () => {
    await page.goto(`${app.url}#/setup`);
    await page.getByRole('heading', { name: 'Set up your eGPU' }).waitFor(WAIT);
    await page.getByRole('combobox', { name: 'Recipe' }).selectOption('e2e-demo');
    await expect.poll(progressText, WAIT).toBe('0 of 4 steps done · about 7 min left');

    await expect.poll(() => stepTab('Check the command-line tools').getAttribute('aria-selected'), WAIT).toBe('true');
    await runButton().click();
    await expect.poll(terminalText, WAIT).toContain('tools-ok: found 3 of 3 tools');
    await expect.poll(() => statusOf('Check the command-line tools'), WAIT).toBe('Done');

    // The next step becomes the current one and the wizard moves to it.
    await expect.poll(() => stepTab('Enter a passphrase').getAttribute('aria-current'), WAIT).toBe('step');
    await expect.poll(() => stepTab('Enter a passphrase').getAttribute('aria-selected'), WAIT).toBe('true');
    expect(await progressText()).toBe('1 of 4 steps done · about 6 min left');

    await runButton().click();
    await expect.poll(terminalText, WAIT).toContain('Passphrase for the demo keychain:');
    expect(await statusOf('Enter a passphrase')).toBe('Running');
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    await page.getByTestId('setup-terminal').click();
    await page.keyboard.type(SECRET);
    await page.keyboard.press('Enter');
    await expect.poll(terminalText, WAIT).toContain(`passphrase-ok: got ${SECRET.length} characters`);
    expect(await terminalText()).not.toContain(SECRET);
    await expect.poll(() => statusOf('Enter a passphrase'), WAIT).toBe('Done');

    // On to the manual step, which has no terminal part.
    await expect.poll(() => stepTab('Approve the driver extension').getAttribute('aria-selected'), WAIT).toBe('true');
    expect(await page.getByRole('button', { name: 'Done, check again' }).isVisible()).toBe(true);
    expect(await progressText()).toBe('2 of 4 steps done · about 5 min left');
  });

  it('logs what the terminal printed, but never the typed passphrase', async () => {
    const log = readFileSync(path.join(app.dataDir, 'setup-logs', 'e2e-demo', 'enter-passphrase.log'), 'utf8');
    expect(log).toContain('Passphrase for the demo keychain:');
    expect(log).toContain(`passphrase-ok: got ${SECRET.length} characters`);
    expect(log).not.toContain(SECRET);

    await stepTab('Enter a passphrase').click();
    await page.getByRole('button', { name: 'Open log' }).click();
    await expect.poll(() => page.getByTestId('log-text').textContent(), WAIT).toContain('passphrase-ok');
    expect(await page.getByTestId('log-text').textContent()).not.toContain(SECRET);
  });

  it('confirms the manual step and shows the badge in the popover', async () => {
    await stepTab('Approve the driver extension').click();
    await page.getByRole('button', { name: 'Done, check again' }).click();
    await expect.poll(() => statusOf('Approve the driver extension'), WAIT).toBe('Done');
    await expect.poll(progressText, WAIT).toBe('3 of 4 steps done · about 3 min left');

    await page.getByRole('button', { name: 'Status' }).click();
    await expect.poll(() => page.getByTestId('setup-badge').textContent(), WAIT).toBe('Setup 3/4');
  });
});
