import { describe, expect, it } from 'vitest';
import {
  appRouteOf,
  isTrustedFrame,
  isTrustedSenderUrl,
  resolveRendererEntry,
  routeUrl,
} from '../../../src/main/app-origin';

const PACKAGED_INDEX = 'app://renderer/index.html';
const APP_ORIGIN = 'app://renderer';
const DEV_ORIGIN = 'http://localhost:5173';

describe('isTrustedSenderUrl', () => {
  it('accepts the packaged renderer page on any route', () => {
    expect(isTrustedSenderUrl(`${PACKAGED_INDEX}#/popover`, [APP_ORIGIN])).toBe(true);
    expect(isTrustedSenderUrl(`${PACKAGED_INDEX}#/setup`, [APP_ORIGIN])).toBe(true);
  });

  it('accepts pages of the dev server origin', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/#/popover', [DEV_ORIGIN])).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5173/index.html', [DEV_ORIGIN])).toBe(true);
  });

  it('rejects look-alike hosts that a prefix check would let through', () => {
    expect(isTrustedSenderUrl('http://localhost:5173.attacker.test/', [DEV_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:51730/', [DEV_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173@attacker.test/', [DEV_ORIGIN])).toBe(false);
  });

  it('rejects another scheme or port on the same host', () => {
    expect(isTrustedSenderUrl('https://localhost:5173/', [DEV_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:8080/', [DEV_ORIGIN])).toBe(false);
  });

  it('rejects local files and other app: hosts, although Node gives them all the origin "null"', () => {
    expect(isTrustedSenderUrl('file:///tmp/evil.html', [APP_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('file:///app/out/renderer/index.html', [APP_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('app://evil/index.html', [APP_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('apps://renderer/index.html', [APP_ORIGIN])).toBe(false);
  });

  it('rejects opaque origins: data:, about:blank, javascript:', () => {
    for (const url of ['data:text/html,<h1>hi</h1>', 'about:blank', 'javascript:alert(1)']) {
      expect(isTrustedSenderUrl(url, [APP_ORIGIN, DEV_ORIGIN])).toBe(false);
    }
  });

  it('rejects malformed URLs and trusts nothing when no origin is allowed', () => {
    expect(isTrustedSenderUrl('not a url', [DEV_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('', [DEV_ORIGIN])).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', [])).toBe(false);
  });

  // GitHub Desktop once shipped `if (isValidSender(url)) { reject }`: pin both directions.
  it('is not inverted: own page true, foreign page false', () => {
    const allowed = [APP_ORIGIN];
    expect(isTrustedSenderUrl(`${PACKAGED_INDEX}#/popover`, allowed)).toBe(true);
    expect(isTrustedSenderUrl('https://example.com/', allowed)).toBe(false);
  });
});

describe('isTrustedFrame', () => {
  const allowed = [DEV_ORIGIN];

  it('accepts a top-level frame showing our page', () => {
    expect(isTrustedFrame({ url: 'http://localhost:5173/#/popover', parent: null }, allowed)).toBe(true);
  });

  it('rejects iframes even when they show our page', () => {
    const top = { url: 'http://localhost:5173/', parent: null };
    expect(isTrustedFrame({ url: 'http://localhost:5173/embedded', parent: top }, allowed)).toBe(false);
  });

  it('rejects missing frames and frames that throw when read', () => {
    expect(isTrustedFrame(null, allowed)).toBe(false);
    expect(isTrustedFrame(undefined, allowed)).toBe(false);
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
      parent: null,
    };
    expect(isTrustedFrame(disposed, allowed)).toBe(false);
  });
});

describe('resolveRendererEntry', () => {
  it('uses the dev server in development', () => {
    const entry = resolveRendererEntry({ isPackaged: false, devServerUrl: 'http://localhost:5173', mainDir: '/repo/out/main' });
    expect(entry).toEqual({ baseUrl: 'http://localhost:5173/', allowedOrigins: [DEV_ORIGIN], devServer: true, rendererDir: '/repo/out/renderer' });
    expect(routeUrl(entry, 'popover')).toBe('http://localhost:5173/#/popover');
  });

  it('loads the built renderer from app:// when packaged, even if the variable is set', () => {
    const entry = resolveRendererEntry({
      isPackaged: true,
      devServerUrl: 'http://localhost:5173',
      mainDir: '/Applications/eGPU Companion.app/Contents/Resources/app.asar/out/main',
    });
    expect(entry.devServer).toBe(false);
    expect(entry.allowedOrigins).toEqual([APP_ORIGIN]);
    expect(routeUrl(entry, 'setup')).toBe(`${PACKAGED_INDEX}#/setup`);
  });

  it('ignores a dev server URL that is not on this machine', () => {
    const entry = resolveRendererEntry({ isPackaged: false, devServerUrl: 'https://attacker.test/', mainDir: '/repo/out/main' });
    expect(entry.baseUrl).toBe(PACKAGED_INDEX);
  });
});

describe('appRouteOf', () => {
  it('recognises our routes and nothing on other origins', () => {
    expect(appRouteOf(`${PACKAGED_INDEX}#/setup`, [APP_ORIGIN])).toBe('setup');
    expect(appRouteOf(`${PACKAGED_INDEX}#/popover`, [APP_ORIGIN])).toBe('popover');
    expect(appRouteOf(`${PACKAGED_INDEX}#/setupx`, [APP_ORIGIN])).toBeNull();
    expect(appRouteOf('https://example.com/#/setup', [APP_ORIGIN])).toBeNull();
  });
});
