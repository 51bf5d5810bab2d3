// Starts the real app in web mode (serve --demo) and drives it in Debian's headless Chromium.
// Shared by the end-to-end tests and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
  dataDir: string;
  simStateFile: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Spawns `egpu-companion serve --demo` and resolves once it prints its URL. */
export async function startDemoServer(
  extraArgs: string[] = [],
  command: string[] = [path.join(ROOT, 'bin', 'egpu-companion.mjs'), 'serve', '--demo'],
  env: NodeJS.ProcessEnv = {},
  /** Writes files (settings.json, say) into the data folder before the app starts. */
  prepareDataDir?: (dataDir: string) => void,
): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-e2e-'));
  prepareDataDir?.(dataDir);
  const child = spawn(process.execPath, [...command, '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, XDG_CONFIG_HOME: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no URL within 30 s:\n${output}`)), 30_000);
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
  });
  return {
    url,
    dataDir,
    simStateFile: path.join(dataDir, 'sim-state.json'),
    output: () => output,
    stop: () => stopProcess(child).then(() => rmSync(dataDir, { recursive: true, force: true })),
  };
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface Browser {
  page: Page;
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 900, height: 760 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
