// The sleep warning in the browser: the demo Mac goes idle towards a 2-minute sleep timer, and plain
// `serve` reads pmset/ioreg at the paths in its settings (here the simulator's).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_STATE_ENV, simToolPaths, writeSimState } from '../../src/core/sim/sim-control';
import { openBrowser, ROOT, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('sleep warning in web mode', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startDemoServer();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('counts down to idle sleep while the eGPU is attached, offers the three choices, and keeping awake ends it', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('gpu-name').textContent(), { timeout: 10_000 }).toBe('NVIDIA GeForce RTX 4090');
    const countdown = page.getByTestId('sleep-countdown');
    await expect.poll(() => countdown.textContent(), { timeout: 10_000 }).toMatch(/^Sleeps in 0:[0-5]\d$/);
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
    // One live countdown, not a second, stale one in the hazard list.
    expect(await page.getByText(/Sleeps in/).count()).toBe(1);
    // The three choices are in the Keep awake pop-up while the warning shows.
    const keepAwake = page.getByRole('combobox', { name: 'Keep awake' });
    expect(await keepAwake.locator('option').allTextContents()).toEqual(expect.arrayContaining(['While attached', 'For 1 hour', 'Let it sleep']));
    // The menu bar mirrors the tray title, counting down too.
    expect(await page.getByTestId('tray-title').textContent()).toMatch(/^Sleep 0:[0-5]\d$/);
    await page.setViewportSize({ width: 380, height: 560 });
    await page.screenshot({ path: screenshotPath('sleep-warning.png') });
    await page.setViewportSize({ width: 900, height: 760 });

    await keepAwake.selectOption('until');
    await expect.poll(() => page.getByTestId('sleep-prevented').textContent(), { timeout: 10_000 }).toBe('Sleep prevented by eGPU Companion');
    expect(await countdown.count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Keep awake' }).inputValue()).toBe('until');
  });
});

describe('sleep warning from plain serve', () => {
  let app: RunningApp;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-sim-'));
  const state = path.join(stateDir, 'sim.json');
  beforeAll(async () => {
    // The simulated Mac sleeps after 1 minute idle and has been idle for 20 s.
    await writeSimState(state, { scenario: 'connected', gpu: 'rtx4090', sleepMinutes: 1, idleSeconds: 20 });
    const sim = simToolPaths();
    const paths = { tinygpu: sim.tinygpu, pmset: sim.pmset, ioreg: sim.ioreg, caffeinate: path.join(stateDir, 'no-caffeinate') };
    app = await startDemoServer([], [path.join(ROOT, 'bin', 'egpu-companion.mjs'), 'serve'], { [SIM_STATE_ENV]: state }, (dataDir) =>
      writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, monitor: { paths } })),
    );
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reads pmset and ioreg at the paths in settings', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('sleep-countdown').textContent(), { timeout: 15_000 }).toMatch(/^Sleeps in 0:[0-4]\d$/);
  });
});
