// `--self-test` in the built main process under the Electron double: the code path CI runs in the
// packaged app on macos-14 (tray, app:// popover, getState through the preload, a PNG), then exit 0.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBootedApp, type BootedApp } from './harness';

describe('--self-test', () => {
  let app: BootedApp | null = null;
  afterEach(async () => {
    await app?.dispose();
    app = null;
  });

  it('checks the tray, the popover page, getState and a screenshot, writes them down and exits 0', async () => {
    app = startBootedApp({ packaged: true, args: (root) => [`--self-test=${path.join(root, 'self-test')}`] });
    const { code } = await app.exited;
    const report = existsSync(path.join(app.root, "self-test", "self-test.json")) ? readFileSync(path.join(app.root, "self-test", "self-test.json"), "utf8") : "no self-test.json";
    expect(code, `${app.output()}\n${report}`).toBe(0);
    const written = path.join(app.root, 'self-test');
    expect(existsSync(written)).toBe(true);
    const result = JSON.parse(readFileSync(path.join(written, 'self-test.json'), 'utf8')) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    expect(result.ok).toBe(true);
    expect(result.checks.map((check) => check.name)).toEqual(['tray', 'popover-page', 'get-state', 'screenshot']);
    expect(result.checks.find((check) => check.name === 'popover-page')?.detail).toMatch(/^app:\/\//);
    const png = readFileSync(path.join(written, 'popover.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
