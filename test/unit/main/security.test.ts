import { describe, expect, it, vi } from 'vitest';
import type { RendererEntry } from '../../../src/main/app-origin';
import {
  contentSecurityPolicy,
  guardWebContents,
  hardenSession,
  isNavigationAllowed,
  isPermissionGranted,
  windowOpenDecision,
  withContentSecurityPolicy,
  type GuardableWebContents,
  type HardenableSession,
} from '../../../src/main/security';

const INDEX = 'app://renderer/index.html';
const packaged: RendererEntry = { baseUrl: INDEX, allowedOrigins: ['app://renderer'], devServer: false, rendererDir: '/app/out/renderer' };
const dev: RendererEntry = { baseUrl: 'http://localhost:5173/', allowedOrigins: ['http://localhost:5173'], devServer: true, rendererDir: '/app/out/renderer' };

describe('contentSecurityPolicy', () => {
  it('is the strict policy for the packaged app', () => {
    expect(contentSecurityPolicy(packaged)).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('allows only what the dev server needs in development', () => {
    const policy = contentSecurityPolicy(dev);
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("connect-src 'self' ws://localhost:5173");
    expect(policy).toContain("object-src 'none'");
  });

  it('replaces a CSP header the server sent, whatever its case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, 'x');
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ['x'] });
  });
});

describe('permissions', () => {
  it('denies everything a page may ask for', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'usb']) {
      expect(isPermissionGranted(permission, `${INDEX}#/setup`, ['app://renderer'])).toBe(false);
    }
  });

  it('allows sanitized clipboard writes from our own pages only', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', `${INDEX}#/setup`, ['app://renderer'])).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://attacker.test/', ['app://renderer'])).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('allows navigation within our pages only', () => {
    expect(isNavigationAllowed(`${INDEX}#/setup`, ['app://renderer'])).toBe(true);
    expect(isNavigationAllowed('https://github.com/', ['app://renderer'])).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', ['app://renderer'])).toBe(false);
  });

  it('sends https links and System Settings panes outside, opens setup, drops the rest', () => {
    expect(windowOpenDecision('https://docs.tinygrad.org/', ['app://renderer'])).toEqual({ kind: 'open-external', url: 'https://docs.tinygrad.org/' });
    const pane = 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension';
    expect(windowOpenDecision(pane, ['app://renderer'])).toEqual({ kind: 'open-external', url: pane });
    expect(windowOpenDecision(`${INDEX}#/setup`, ['app://renderer'])).toEqual({ kind: 'open-setup' });
    for (const url of ['http://example.com/', 'file:///tmp/x.html', 'javascript:alert(1)', `${INDEX}#/popover`, 'nonsense']) {
      expect(windowOpenDecision(url, ['app://renderer'])).toEqual({ kind: 'deny' });
    }
  });
});

describe('guardWebContents', () => {
  function fakeContents() {
    let navigate: ((event: { url: string; preventDefault(): void }) => void) | undefined;
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: GuardableWebContents = {
      on: (_event, listener) => {
        navigate = listener;
      },
      setWindowOpenHandler: (handler) => {
        openHandler = handler;
      },
    };
    return {
      contents,
      navigate: (url: string) => {
        const preventDefault = vi.fn();
        navigate?.({ url, preventDefault });
        return preventDefault.mock.calls.length > 0;
      },
      open: (url: string) => openHandler?.({ url }),
    };
  }

  it('blocks navigation away from our pages', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, { allowedOrigins: ['app://renderer'], openExternal: vi.fn(), openSetup: vi.fn() });
    expect(fake.navigate('https://attacker.test/')).toBe(true);
    expect(fake.navigate(`${INDEX}#/popover`)).toBe(false);
  });

  it('never opens an Electron window, but routes links to the browser or the wizard', () => {
    const fake = fakeContents();
    const openExternal = vi.fn();
    const openSetup = vi.fn();
    guardWebContents(fake.contents, { allowedOrigins: ['app://renderer'], openExternal, openSetup });
    expect(fake.open('https://github.com/tinygrad')).toEqual({ action: 'deny' });
    expect(fake.open(`${INDEX}#/setup`)).toEqual({ action: 'deny' });
    expect(fake.open('http://insecure.test/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://github.com/tinygrad');
    expect(openSetup).toHaveBeenCalledTimes(1);
  });
});

describe('hardenSession', () => {
  it('installs deny-by-default permission handlers and the CSP header for our pages', () => {
    const handlers: {
      request?: Parameters<HardenableSession['setPermissionRequestHandler']>[0];
      check?: Parameters<HardenableSession['setPermissionCheckHandler']>[0];
      headers?: Parameters<HardenableSession['webRequest']['onHeadersReceived']>[0];
    } = {};
    const session: HardenableSession = {
      setPermissionRequestHandler: (handler) => (handlers.request = handler),
      setPermissionCheckHandler: (handler) => (handlers.check = handler),
      webRequest: { onHeadersReceived: (listener) => (handlers.headers = listener) },
    };
    hardenSession(session, dev);

    const granted = vi.fn();
    handlers.request?.({}, 'media', granted, { requestingUrl: 'http://localhost:5173/' });
    expect(granted).toHaveBeenCalledWith(false);
    expect(handlers.check?.(null, 'clipboard-sanitized-write', 'http://localhost:5173', { requestingUrl: 'http://localhost:5173/' })).toBe(true);
    expect(handlers.check?.({ getURL: () => 'https://attacker.test/' }, 'clipboard-sanitized-write', '', {})).toBe(false);

    const ours = vi.fn();
    handlers.headers?.({ url: 'http://localhost:5173/', responseHeaders: {} }, ours);
    expect(ours.mock.calls[0]?.[0].responseHeaders['Content-Security-Policy'][0]).toContain("default-src 'self'");
    const theirs = vi.fn();
    handlers.headers?.({ url: 'https://ollama.com/', responseHeaders: { a: ['b'] } }, theirs);
    expect(theirs).toHaveBeenCalledWith({});
  });
});

describe('external links', () => {
  it('opens only the normalised form of allow-listed addresses', () => {
    expect(windowOpenDecision('https://GitHub.com/tinygrad/../tinygrad/tinygrad', ['app://renderer'])).toEqual({ kind: 'open-external', url: 'https://github.com/tinygrad/tinygrad' });
    expect(windowOpenDecision('x-apple.systempreferences:com.apple.LoginItems-Settings.extension', ['app://renderer'])).toEqual({
      kind: 'open-external',
      url: 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension',
    });
  });

  it('refuses System Settings panes the app does not link to, and unknown sites', () => {
    for (const url of [
      'x-apple.systempreferences:com.apple.preference.sharing',
      'x-apple.systempreferences:com.apple.Users-Groups-Settings.extension',
      'x-apple.systempreferences:com.apple.preference.security?a=b&c',
      'https://github.com.attacker.test/',
      'https://user@github.com/',
      'https://github.com:8443/',
      'http://github.com/',
    ]) {
      expect(windowOpenDecision(url, ['app://renderer']), url).toEqual({ kind: 'deny' });
    }
  });
});
