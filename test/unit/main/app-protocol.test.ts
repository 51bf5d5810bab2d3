import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { appResponse, registerAppScheme, resolveAppRequest, serveAppScheme } from '../../../src/main/app-protocol';

const ROOT = '/app/out/renderer';

describe('resolveAppRequest', () => {
  it('serves index.html for the root and files inside the renderer folder', () => {
    expect(resolveAppRequest('app://renderer/', ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppRequest('app://renderer/index.html#/setup', ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppRequest('app://renderer/assets/index-abc.js?v=1', ROOT)).toBe(path.join(ROOT, 'assets', 'index-abc.js'));
    // The URL parser already folds literal dot segments, so this stays inside the folder.
    expect(resolveAppRequest('app://renderer/../main/index.js', ROOT)).toBe(path.join(ROOT, 'main', 'index.js'));
    expect(resolveAppRequest('app://renderer/%2e%2e/%2e%2e/etc/passwd', ROOT)).toBe(path.join(ROOT, 'etc', 'passwd'));
  });

  it('refuses paths that climb out, other hosts and schemes, NUL bytes and bad escapes', () => {
    for (const url of [
      'app://renderer/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://renderer/..%5c..%5csecret',
      'app://renderer/%00index.html',
      'app://renderer/%E0%A4%A',
      'app://other/index.html',
      'file:///app/out/renderer/index.html',
      'not a url',
    ]) {
      expect(resolveAppRequest(url, ROOT), url).toBeNull();
    }
  });

  it('never resolves outside the folder, whatever the path', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '.', '%2e%2e', 'a', '%2f', '/', '%5c', 'assets', '%00'), { maxLength: 8 }), (parts) => {
        const file = resolveAppRequest(`app://renderer/${parts.join('/')}`, ROOT);
        return file === null || file.startsWith(ROOT + path.sep);
      }),
    );
  });
});

describe('app:// scheme', () => {
  it('is registered as a standard, secure scheme', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('answers with the file and the CSP, and 404 for anything outside', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-app-scheme-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dir, 'assets', 'a.js'), 'export {}');
    const read = (file: string) => import('node:fs/promises').then((fs) => fs.readFile(file));
    let handler: ((request: { url: string }) => Response | Promise<Response>) | null = null;
    serveAppScheme({ handle: (_scheme, h) => void (handler = h) }, dir, "default-src 'self'", read);
    const page = await handler!({ url: 'app://renderer/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(await (await appResponse('app://renderer/assets/a.js', dir, '', read)).text()).toBe('export {}');
    expect((await appResponse('app://renderer/missing.js', dir, '', read)).status).toBe(404);
    expect((await appResponse('app://renderer/../../etc/passwd', dir, '', read)).status).toBe(404);
  });
});
