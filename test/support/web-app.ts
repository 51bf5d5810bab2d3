// Starts the real app in web mode (serve --demo) and drives it in a headless Chromium (test/support/browser.ts
// finds one). Shared by the end-to-end tests and the benchmarks. Servers and browsers are recorded for
// clean-up as soon as they exist, so a set-up that fails half-way leaves nothing running.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser, launchArgs } from './browser';
import { spawnTracked, stopProcess } from './started-processes';

export { stopProcess } from './started-processes';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Where README screenshots go: docs/screenshots with UPDATE_SCREENSHOTS=1, otherwise a temp folder,
 * so an ordinary test run leaves the working tree clean.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots') : path.join(os.tmpdir(), 'egpu-companion-screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export interface RunningApp {
  url: string;
  pid: number;
  dataDir: string;
  simStateFile: string;
  output: () => string;
  /** Stops reading the server's stdout or stderr, as `| head` does when it has had enough. */
  closeConsole: (stream: 'stdout' | 'stderr') => void;
  exitCode: () => number | null;
  stop: () => Promise<void>;
}

/** Spawns `egpu-companion serve --demo` and resolves once it prints its URL. */
export async function startDemoServer(
  extraArgs: string[] = [],
  command: string[] = [path.join(ROOT, 'bin', 'egpu-companion.mjs'), 'serve', '--demo'],
  env: NodeJS.ProcessEnv = {},
  /** Writes files (settings.json, say) into the data folder before the app starts. */
  prepareDataDir?: (dataDir: string) => void,
  /** Nobody ever reads this stream of the server's (a pipe closed from the start). */
  unreadFromStart?: 'stderr',
): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-e2e-'));
  prepareDataDir?.(dataDir);
  const child = spawnTracked(process.execPath, [...command, '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, XDG_CONFIG_HOME: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => stopProcess(child).then(() => rmSync(dataDir, { recursive: true, force: true }));
  if (unreadFromStart) child[unreadFromStart]?.destroy();
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no URL within 30 s:\n${output}`)), 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/\?token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before printing a URL:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    url,
    pid: child.pid!,
    dataDir,
    simStateFile: path.join(dataDir, 'sim-state.json'),
    output: () => output,
    closeConsole: (stream) => child[stream]?.destroy(),
    exitCode: () => child.exitCode,
    stop,
  };
}

export interface Browser {
  page: Page;
  context: BrowserContext;
  close: () => Promise<void>;
}

const openBrowsers = new Set<Browser>();

/** README screenshots come from one browser, Debian's Chromium, so pictures change when the app does. */
export const SCREENSHOT_BROWSER = '/usr/bin/chromium';

export async function openBrowser(): Promise<Browser> {
  const found = await findBrowser();
  if (process.env.UPDATE_SCREENSHOTS === '1' && found.executablePath !== SCREENSHOT_BROWSER) {
    throw new Error(`README screenshots are taken with Debian's Chromium at ${SCREENSHOT_BROWSER} (apt-get install chromium), not ${found.executablePath}`);
  }
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-chromium-'));
  const context = await chromium
    .launchPersistentContext(userDataDir, {
      executablePath: found.executablePath,
      headless: true,
      args: launchArgs(found, CHROMIUM_FLAGS),
      env: { ...process.env, ...found.env },
      viewport: { width: 900, height: 760 },
    })
    .catch((error: unknown) => {
      rmSync(userDataDir, { recursive: true, force: true });
      throw new Error(`could not start ${found.executablePath} (${found.source}): ${error instanceof Error ? error.message : String(error)}`);
    });
  const browser: Browser = {
    page: context.pages()[0] ?? (await context.newPage()),
    context,
    close: async () => {
      openBrowsers.delete(browser);
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  openBrowsers.add(browser);
  return browser;
}

/** Closes every browser this process opened and has not closed (the per-file afterAll calls it). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.allSettled([...openBrowsers].map((browser) => browser.close()));
}
