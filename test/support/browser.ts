// Which Chromium the end-to-end tests, the benchmarks and the icon script drive, found on their own:
// CHROMIUM_PATH, else a Chromium or Google Chrome the system has, else — on Linux x64 with none — the
// Chromium that ships inside the @sparticuz/chromium dev dependency, decompressed once into a cache
// folder keyed by its version (a lock makes parallel test files wait for the one doing it).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'npm';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
  /** Flags this build needs beyond the tests' own (the npm build is a headless shell). */
  args: string[];
  /** Variables to add to the browser's environment. */
  env: Record<string, string>;
}

/** Where a system browser lives; the first that exists wins. */
export function systemBrowserPaths(platform: NodeJS.Platform = process.platform, home = os.homedir()): string[] {
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium'];
    return [...apps.map((app) => path.join('/Applications', app)), ...apps.map((app) => path.join(home, 'Applications', app))];
  }
  if (platform === 'linux') {
    return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
  }
  return [];
}

/** Flags of the npm Chromium's list that would change the web's security model under test. */
const UNWANTED_FLAGS = ['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials', '--headless='];

/** The browser's own flags (minus those) and the caller's, once each. */
export function launchArgs(browser: FoundBrowser, own: readonly string[]): string[] {
  const needed = browser.args.filter((flag) => !UNWANTED_FLAGS.some((unwanted) => flag.startsWith(unwanted)));
  return [...new Set([...needed, ...own])];
}

const SPARTICUZ = '@sparticuz/chromium';
const execFileAsync = promisify(execFile);
let found: Promise<FoundBrowser> | null = null;

/** The browser for this process, looked for once. */
export function findBrowser(): Promise<FoundBrowser> {
  found ??= locateBrowser(process.env);
  return found;
}

export async function locateBrowser(env: NodeJS.ProcessEnv, exists: (file: string) => boolean = isExecutableFile): Promise<FoundBrowser> {
  // A path named on purpose is used as it is, so a wrong one fails loudly instead of being replaced.
  if (env.CHROMIUM_PATH) return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH', args: [], env: {} };
  const system = systemBrowserPaths().find((file) => exists(file));
  if (system) return { executablePath: system, source: 'system', args: [], env: {} };
  if (process.platform === 'linux' && process.arch === 'x64') return npmChromium();
  throw new Error(
    `no Chromium or Google Chrome found (looked at ${systemBrowserPaths().join(', ') || 'nothing on this platform'}): ` +
      'install one, or set CHROMIUM_PATH to a Chromium-based browser',
  );
}

/** The decompressed npm Chromium: its folder is complete or absent, never half-written. */
async function npmChromium(): Promise<FoundBrowser> {
  const dir = npmChromiumDir();
  if (!existsSync(path.join(dir, 'chromium'))) await decompressOnce(dir);
  const args = (await import(SPARTICUZ)).default.args as string[];
  const missing = await missingLibraries(path.join(dir, 'chromium'));
  // A machine without Chromium often lacks NSS too: the package carries a copy, used only then.
  const env: Record<string, string> = missing ? { LD_LIBRARY_PATH: [path.join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {};
  // Under LANG=C the headless shell names its locale "en-US@posix", which Intl rejects (the page's
  // number formatting then throws); the tests read English anyway.
  return { executablePath: path.join(dir, 'chromium'), source: 'npm', args: [...args, '--lang=en-US'], env };
}

export function npmChromiumDir(): string {
  const manifest = JSON.parse(readFileSync(path.join(packageDir(SPARTICUZ), 'package.json'), 'utf8')) as { version: string };
  // Per user: the folder is private to whoever unpacked it.
  return path.join(os.tmpdir(), `egpu-companion-browser-${os.userInfo().uid}`, `sparticuz-chromium-${manifest.version}`);
}

async function decompressOnce(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  const release = await lockfile.lock(parent, { realpath: false, stale: 60_000, retries: { retries: 240, minTimeout: 250, maxTimeout: 1000 } });
  try {
    if (existsSync(path.join(dir, 'chromium'))) return;
    const staging = mkdtempSync(path.join(parent, 'staging-'));
    try {
      // The package decompresses into os.tmpdir(): a child with TMPDIR pointing at the staging folder
      // keeps that out of the shared /tmp. The AL2023 variable makes it unpack its NSS libraries too.
      const script = `require(${JSON.stringify(SPARTICUZ)}).executablePath()`;
      await execFileAsync(process.execPath, ['-e', script], {
        cwd: packageDir(SPARTICUZ),
        env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
        timeout: 180_000,
        maxBuffer: 1024 * 1024,
      });
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    await release();
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when the dynamic linker cannot find one of the binary's libraries. */
async function missingLibraries(binary: string): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync('ldd', [binary], { timeout: 10_000, maxBuffer: 1024 * 1024 });
    return stdout.includes('not found');
  } catch {
    return false;
  }
}

/** The package's folder (its exports do not include package.json): up from its entry point. */
function packageDir(name: string): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  while (!isManifestOf(path.join(dir, 'package.json'), name)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = parent;
  }
  return dir;
}

function isManifestOf(file: string, name: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === name;
  } catch {
    return false;
  }
}
