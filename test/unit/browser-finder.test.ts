// Which browser the end-to-end tests drive: the one named in CHROMIUM_PATH, else the system's, else
// (Linux x64 only) the npm-shipped Chromium.
import { describe, expect, it } from 'vitest';
import { launchArgs, locateBrowser, systemBrowserPaths } from '../support/browser';

describe('finding a browser for the tests', () => {
  it('uses CHROMIUM_PATH as given, even when it does not exist, so a wrong path fails loudly', async () => {
    const found = await locateBrowser({ CHROMIUM_PATH: '/opt/missing/chromium' }, () => true);
    expect(found).toMatchObject({ executablePath: '/opt/missing/chromium', source: 'CHROMIUM_PATH' });
  });

  it('takes the first system browser that is there', async () => {
    const paths = systemBrowserPaths();
    const second = paths[1];
    if (second === undefined) throw new Error(`no system browser paths for ${process.platform}`);
    const found = await locateBrowser({}, (file) => file === second || file === paths[2]);
    expect(found).toMatchObject({ executablePath: second, source: 'system', args: [] });
  });

  it('knows Chrome and Chromium on a Mac and Debian, Ubuntu and Chrome paths on Linux', () => {
    expect(systemBrowserPaths('darwin', '/Users/me')).toEqual([
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Users/me/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium',
    ]);
    expect(systemBrowserPaths('linux')).toEqual(expect.arrayContaining(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']));
  });

  it("keeps the npm build's flags except those that turn off the web's security checks", () => {
    const args = launchArgs(
      { executablePath: '/tmp/chromium', source: 'npm', env: {}, args: ['--single-process', '--disable-web-security', "--headless='shell'", '--no-sandbox'] },
      ['--no-sandbox', '--disable-gpu'],
    );
    expect(args).toEqual(['--single-process', '--no-sandbox', '--disable-gpu']);
  });
});
