// Test runs that fail must not leave servers behind (each orphaned `serve --demo` costs a quarter of a
// core until someone kills it): a failing set-up, a dying test process, and the e2e project with no
// browser all end with no `serve` running. Needs `npm run build`.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/web-app';

const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const MARKER_ENV = 'EGPU_CLEANUP_CHECK';

/** Processes (other than zombies) whose environment carries this run's marker. */
function processesMarked(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`${MARKER_ENV}=${marker}`)) found.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Runs vitest as a developer would; resolves with its exit code and output. */
function runVitest(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VITEST, 'run', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 150_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe.runIf(existsSync('/proc/self/environ'))('test runs that fail leave no server behind', () => {
  it('a set-up that fails after starting serve, and a test process killed after starting it', async () => {
    const marker = randomUUID();
    const run = await runVitest(['--config', 'test/fixtures/leaky-setup/vitest.config.ts'], { [MARKER_ENV]: marker });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('set-up failed after starting serve');
    // The killed test process could not stop its server: the global teardown did.
    expect(run.output).toContain('global teardown: stopped 1 server(s) a test file left running');
    expect(processesMarked(marker)).toEqual([]);
  }, 180_000);

  it('the e2e project with the browser path pointing at a missing file fails, and stops its servers', async () => {
    const marker = randomUUID();
    const missing = path.join(ROOT, 'no-such-browser', 'chromium');
    const run = await runVitest(['--project', 'e2e', 'test/e2e/popover.test.ts', 'test/e2e/setup-wizard.test.ts'], { [MARKER_ENV]: marker, CHROMIUM_PATH: missing });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`could not start ${missing}`);
    expect(processesMarked(marker)).toEqual([]);
  }, 180_000);
});
