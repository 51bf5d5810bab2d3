// The checks both boot tests make: the same app, started in the checkout layout and the packaged one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { commandNames } from '../../src/core/api/contract';
import { AppStateSchema, type AppState } from '../../src/core/api/schemas';
import { trayIconFor } from '../../src/main/tray-menu';
import { APP_BASE_URL, resolveAppRequest } from '../../src/main/app-protocol';
import { calls, OUT_DIR, type BootedApp } from './harness';
import type { BootRecord } from './protocol';

const INVOKE = 'companion:invoke';

interface ImageArg {
  path: string;
  template: boolean;
}

/** The popover window: its options, and the page it loaded. */
export async function expectSecurePopover(app: BootedApp): Promise<string> {
  const loaded = await app.waitFor((records) => calls(records, 'BrowserWindow#1', 'loadURL')[0], 'the popover page to load');
  const records = app.records();
  expect(records.filter((record) => record.method === 'constructor' && record.target.startsWith('BrowserWindow'))).toHaveLength(1);
  const [options] = calls(records, 'BrowserWindow#1', 'constructor')[0]?.args as [{ webPreferences: Record<string, unknown> }];
  expect(options.webPreferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  });
  const preload = String(options.webPreferences['preload']);
  expect(path.isAbsolute(preload)).toBe(true);
  expect(existsSync(preload), `preload ${preload} exists`).toBe(true);
  expect(preload.startsWith(path.join(OUT_DIR, 'preload') + path.sep)).toBe(true);

  const url = new URL(String(loaded.args[0]));
  // The page comes from the privileged app:// scheme, served out of out/renderer.
  expect(`${url.protocol}//${url.host}/`).toBe(APP_BASE_URL);
  expect(url.hash).toBe('#/popover');
  expect(calls(records, 'protocol', 'registerSchemesAsPrivileged')).toHaveLength(1);
  expect(calls(records, 'protocol', 'handle').map((record) => record.args[0])).toEqual(['app']);
  const page = resolveAppRequest(url.href, path.join(OUT_DIR, 'renderer'));
  expect(page).toBe(path.join(OUT_DIR, 'renderer', 'index.html'));
  expect(existsSync(page!), `renderer ${page} exists`).toBe(true);
  // The built page also carries the policy in a <meta> tag (the scheme handler sends it as a header too).
  expect(readFileSync(page!, 'utf8')).toMatch(/http-equiv="Content-Security-Policy"\s+content="default-src 'self'; script-src 'self';[^"]*object-src 'none'/);
  // The page the sender check trusts is the one loaded.
  return `${APP_BASE_URL}index.html#/popover`;
}

export async function invoke(app: BootedApp, frameUrl: string, command: string, input: unknown): Promise<unknown> {
  const reply = await app.send({ op: 'invoke', channel: INVOKE, args: [command, input], frameUrl });
  if (!reply.ok || !('value' in reply)) throw new Error(`invoke ${command} failed in the double: ${JSON.stringify(reply)}`);
  return reply.value;
}

/** One handler serves every contract command; each name must reach the dispatcher. */
export async function expectEveryCommandHandled(app: BootedApp, frameUrl: string): Promise<void> {
  expect(calls(app.records(), 'ipcMain#1', 'handle').map((record) => record.args[0])).toEqual([INVOKE]);
  for (const name of commandNames) {
    // A string is never a valid input, so nothing runs; only an unknown name would say so.
    const result = (await invoke(app, frameUrl, name, 'boot-probe')) as { ok: boolean; error?: { code: string } };
    expect({ name, code: result.error?.code }).toEqual({ name, code: 'invalid-payload' });
  }
  const unknown = (await invoke(app, frameUrl, 'noSuchCommand', {})) as { error?: { code: string } };
  expect(unknown.error?.code).toBe('unknown-command');
  const untrusted = (await invoke(app, 'https://example.com/#/popover', 'getState', {})) as { ok: boolean; error?: { code: string } };
  expect(untrusted).toMatchObject({ ok: false, error: { code: 'unavailable' } });
}

/** getState through the real ipc.ts, validated against the contract. */
export async function getState(app: BootedApp, frameUrl: string): Promise<AppState> {
  const result = (await invoke(app, frameUrl, 'getState', {})) as { ok: boolean; value?: unknown };
  expect(result.ok).toBe(true);
  return AppStateSchema.parse(result.value);
}

/** Exactly one tray, built from template images in `iconDir`, showing the icon for `state`. */
export async function expectTrayFor(app: BootedApp, iconDir: string, state: AppState['tray']): Promise<void> {
  const expected = path.join(iconDir, trayIconFor(state).file);
  const shown = (records: BootRecord[]): ImageArg | undefined => {
    const images = calls(records, 'Tray#1').filter((record) => record.method === 'constructor' || record.method === 'setImage');
    return images.at(-1)?.args[0] as ImageArg | undefined;
  };
  await app.waitFor((records) => (shown(records)?.path === expected ? true : undefined), `the tray to show ${expected}`);
  const records = app.records();
  expect(records.filter((record) => record.method === 'constructor' && record.target.startsWith('Tray'))).toHaveLength(1);
  expect(shown(records)).toMatchObject({ path: expected, template: true });
  expect(existsSync(expected), `${expected} exists`).toBe(true);
}

/** Quit from the tray menu; the process must then end by itself, with nothing left running. */
export async function expectCleanQuit(app: BootedApp): Promise<void> {
  await app.send({ op: 'tray-menu' });
  const clicked = await app.send({ op: 'menu-click', itemId: 'quit' });
  expect(clicked.ok).toBe(true);
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<'stuck'>((resolve) => {
    timer = setTimeout(() => resolve('stuck'), 20_000);
  });
  const result = await Promise.race([app.exited, stuck]);
  clearTimeout(timer);
  expect(result, `the process ended by itself\n${app.output()}`).toEqual({ code: 0, signal: null });
  const records = app.records();
  expect(calls(records, 'Tray#1', 'destroy')).toHaveLength(1);
  expect(calls(records, 'ipcMain#1', 'removeHandler').map((record) => record.args[0])).toEqual([INVOKE]);
  expect(calls(records, 'app#1', 'quitted')).toHaveLength(1);
}
