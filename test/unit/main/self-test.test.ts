// The self-test's verdict from what the running app answers: every check must pass for exit 0, and
// the JSON says which one failed and why.
import { describe, expect, it } from 'vitest';
import { runSelfTest, selfTestRequest, type SelfTestPort } from '../../../src/main/self-test';
import { appState } from '../../builders/app-state';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function port(overrides: Partial<SelfTestPort> = {}): SelfTestPort & { files: Map<string, string | Buffer> } {
  const files = new Map<string, string | Buffer>();
  return {
    files,
    trayCreated: () => true,
    popoverLoaded: async () => 'app://renderer/index.html#popover',
    invokeInPage: async () => ({ ok: true, value: appState() }),
    capturePopover: async () => PNG,
    writeFile: async (file, data) => void files.set(file, data),
    mkdir: async () => undefined,
    ...overrides,
  };
}

const OPTIONS = { outDir: '/tmp/self-test', appVersion: '1.2.3', platform: 'darwin-arm64' };

describe('runSelfTest', () => {
  it('passes when the tray, the app:// page, getState and the screenshot all work, and writes both files', async () => {
    const fake = port();
    const result = await runSelfTest(fake, OPTIONS);
    expect(result.ok).toBe(true);
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([['tray', true], ['popover-page', true], ['get-state', true], ['screenshot', true]]);
    expect(fake.files.get('/tmp/self-test/popover.png')).toEqual(PNG);
    expect(JSON.parse(String(fake.files.get('/tmp/self-test/self-test.json')))).toMatchObject({ ok: true, appVersion: '1.2.3', screenshot: '/tmp/self-test/popover.png' });
  });

  it('fails, saying why, when the page is not from app://, getState fails or the capture is not a PNG', async () => {
    const fake = port({
      popoverLoaded: async () => 'http://localhost:5173/',
      invokeInPage: async () => ({ ok: false, error: { code: 'unavailable', message: 'the app is not ready' } }),
      capturePopover: async () => Buffer.from('not a png at all'),
    });
    const result = await runSelfTest(fake, OPTIONS);
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.name === 'popover-page')).toMatchObject({ ok: false, detail: 'loaded from http://localhost:5173/, not app://' });
    expect(result.checks.find((c) => c.name === 'get-state')?.detail).toContain('the app is not ready');
    expect(result.checks.find((c) => c.name === 'screenshot')).toMatchObject({ ok: false });
    expect(fake.files.has('/tmp/self-test/popover.png')).toBe(false);
    expect(JSON.parse(String(fake.files.get('/tmp/self-test/self-test.json'))).ok).toBe(false);
  });

  it('a getState answer that is not an app state fails; a check that throws fails alone', async () => {
    const result = await runSelfTest(port({ invokeInPage: async () => ({ ok: true, value: { devices: 'none' } }), trayCreated: () => false, capturePopover: async () => Promise.reject(new Error('window server unavailable')) }), OPTIONS);
    expect(result.checks.map((check) => check.ok)).toEqual([false, true, false, false]);
    expect(result.checks[3]?.detail).toBe('window server unavailable');
  });
});

describe('selfTestRequest', () => {
  it('reads --self-test and --self-test=<folder>, and nothing else', () => {
    expect(selfTestRequest(['/app', '--self-test'], '/logs/self-test')).toEqual({ outDir: '/logs/self-test' });
    expect(selfTestRequest(['/app', '--self-test=/tmp/out'], '/logs/self-test')).toEqual({ outDir: '/tmp/out' });
    expect(selfTestRequest(['/app', 'egpu-companion://open-setup'], '/logs/self-test')).toBeNull();
  });
});
