// `--self-test`: the packaged app proves on a real Mac (CI's macos-14 runner) that it boots, creates
// its tray, loads the popover from app://, answers getState through the preload, and can draw the
// popover. It writes self-test.json and popover.png to a folder and quits with 0 only when all
// passed. The logic is here, behind a port, so the Electron double runs the same code in npm test.
import path from 'node:path';
import { AppStateSchema } from '../core/api/schemas';

export const SELF_TEST_FLAG = '--self-test';
const CHECK_TIMEOUT_MS = 20_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `--self-test` (results in `defaultDir`) or `--self-test=<folder>`; null when not asked for. */
export function selfTestRequest(argv: readonly string[], defaultDir: string): { outDir: string } | null {
  for (const arg of argv) {
    if (arg === SELF_TEST_FLAG) return { outDir: defaultDir };
    if (arg.startsWith(`${SELF_TEST_FLAG}=`)) {
      const dir = arg.slice(SELF_TEST_FLAG.length + 1);
      return { outDir: dir === '' ? defaultDir : path.resolve(dir) };
    }
  }
  return null;
}

/** What the self-test needs from the running app (Electron objects in index.ts; the double in tests). */
export interface SelfTestPort {
  trayCreated(): boolean;
  /** The popover page's URL once it finished loading. */
  popoverLoaded(): Promise<string>;
  /** `window.companion.invoke(command, {})` run in the popover page, through the preload. */
  invokeInPage(command: string): Promise<unknown>;
  /** Shows the popover and captures it as PNG bytes. */
  capturePopover(): Promise<Buffer>;
  writeFile(file: string, data: string | Buffer): Promise<void>;
  mkdir(dir: string): Promise<void>;
}

export interface SelfTestCheck {
  name: 'tray' | 'popover-page' | 'get-state' | 'screenshot';
  ok: boolean;
  detail: string;
}

export interface SelfTestResult {
  ok: boolean;
  appVersion: string;
  platform: string;
  checks: SelfTestCheck[];
  /** Where the screenshot went; null when none was taken. */
  screenshot: string | null;
}

export async function runSelfTest(port: SelfTestPort, options: { outDir: string; appVersion: string; platform: string }): Promise<SelfTestResult> {
  await port.mkdir(options.outDir);
  const checks: SelfTestCheck[] = [];
  checks.push(port.trayCreated() ? pass('tray', 'the menu-bar icon was created') : fail('tray', 'no menu-bar icon'));

  checks.push(
    await attempt('popover-page', async () => {
      const url = await port.popoverLoaded();
      return url.startsWith('app://') ? pass('popover-page', url) : fail('popover-page', `loaded from ${url || 'nowhere'}, not app://`);
    }),
  );

  checks.push(
    await attempt('get-state', async () => {
      const reply = (await port.invokeInPage('getState')) as { ok?: unknown; value?: unknown; error?: { message?: unknown } } | null;
      if (reply?.ok !== true) return fail('get-state', `the page's getState failed: ${String(reply?.error?.message ?? 'no answer')}`);
      const state = AppStateSchema.safeParse(reply.value);
      return state.success ? pass('get-state', state.data.summary) : fail('get-state', `getState answered something else: ${state.error.issues[0]?.message ?? ''}`);
    }),
  );

  let screenshot: string | null = null;
  checks.push(
    await attempt('screenshot', async () => {
      const png = await port.capturePopover();
      if (png.length <= PNG_SIGNATURE.length || !png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return fail('screenshot', 'the capture is not a PNG');
      screenshot = path.join(options.outDir, 'popover.png');
      await port.writeFile(screenshot, png);
      return pass('screenshot', `${png.length} bytes`);
    }),
  );

  const result: SelfTestResult = { ok: checks.every((check) => check.ok), appVersion: options.appVersion, platform: options.platform, checks, screenshot };
  await port.writeFile(path.join(options.outDir, 'self-test.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function pass(name: SelfTestCheck['name'], detail: string): SelfTestCheck {
  return { name, ok: true, detail };
}

function fail(name: SelfTestCheck['name'], detail: string): SelfTestCheck {
  return { name, ok: false, detail };
}

/** One check, bounded in time; whatever it throws is its failure. */
async function attempt(name: SelfTestCheck['name'], check: () => Promise<SelfTestCheck>): Promise<SelfTestCheck> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<SelfTestCheck>((resolve) => {
    timer = setTimeout(() => resolve(fail(name, `no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((error: unknown) => fail(name, error instanceof Error ? error.message : String(error))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `loaded()` says so, polling; rejects after the timeout. */
export async function waitUntil(loaded: () => boolean, timeoutMs = CHECK_TIMEOUT_MS, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!loaded()) {
    if (Date.now() > deadline) throw new Error(`not loaded within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
