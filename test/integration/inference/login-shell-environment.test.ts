// An app started from Finder has PATH=/usr/bin:/bin. The user's python3 with tinygrad, and docker for
// NVIDIA's compiler, are on the PATH their shell profile sets: readiness, the managed server and the
// benchmark find them there. HOME and SHELL point at a temp setup; the machine's dotfiles are never read.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../../src/core/api/schemas';
import type { TinygradStatus } from '../../../src/core/api/inference';
import { createCompanion } from '../../../src/core/companion';
import type { CompanionCore } from '../../../src/core/companion-types';
import { LOGIN_SHELL_NOTICE_ID, LoginShellEnvironment } from '../../../src/core/platform/login-shell-env';
import { simBinDir, writeSimState } from '../../../src/core/sim/sim-control';
import { makeFakePython, type FakePython } from '../../support/fake-python';
import { freePort } from '../../support/free-port';

const FINDER_PATH = '/usr/bin:/bin';
const cleanups: Array<() => void | Promise<void>> = [];
let fake: FakePython | null = null;

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (fake) expect(fake.processCount()).toBe(0);
  fake?.remove();
  fake = null;
  vi.unstubAllEnvs();
});

interface UserSetup {
  home: string;
  /** The folder the profile adds to PATH: python3 (tinygrad) and docker. */
  toolsDir: string;
  /** One line per time the profile ran. */
  profileRuns(): number;
  /** What `command -v docker` said each time python3 ran. */
  dockerSeenByPython(): string[];
}

/** A temp HOME whose ~/.bash_profile prints a banner and puts a tools folder first on PATH. */
function userSetup(profileExtra = ''): UserSetup {
  fake = makeFakePython();
  const root = mkdtempSync(path.join(os.tmpdir(), 'egpu-login-shell-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const home = path.join(root, 'home');
  const toolsDir = path.join(root, 'tools', 'bin');
  mkdirSync(home);
  mkdirSync(toolsDir, { recursive: true });
  const runs = path.join(root, 'profile-runs');
  const seen = path.join(root, 'docker-seen');
  writeFileSync(path.join(toolsDir, 'docker'), '#!/bin/sh\necho "Docker version 27.3.1"\n', { mode: 0o755 });
  writeFileSync(path.join(toolsDir, 'python3'), `#!/bin/sh\n(command -v docker || echo none) >> '${seen}'\nexec '${fake.python}' "$@"\n`, { mode: 0o755 });
  writeFileSync(
    path.join(home, '.bash_profile'),
    `echo "Welcome back! PATH=/not/this"\necho >> '${runs}'\nexport PATH="${toolsDir}:$PATH"\n${profileExtra}`,
  );
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  const count = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
  return { home, toolsDir, profileRuns: () => count(runs), dockerSeenByPython: () => lines(seen) };
}

/** The environment of an app started from Finder, with the user's login shell set to bash in the temp HOME. */
function finderEnvironment(home: string): NodeJS.ProcessEnv {
  return { ...process.env, PATH: FINDER_PATH, HOME: home, SHELL: '/bin/bash', TMPDIR: os.tmpdir() };
}

describe('the login shell environment', () => {
  it('takes PATH from the profile, past what the profile prints, and reads it once until invalidated', async () => {
    const setup = userSetup();
    const env = new LoginShellEnvironment({ base: finderEnvironment(setup.home) });
    const first = await env.get();
    expect(first.PATH?.split(':')[0]).toBe(setup.toolsDir);
    expect(first.PATH).not.toContain('/not/this');
    expect(first.HOME).toBe(setup.home);
    await env.get();
    expect(setup.profileRuns()).toBe(1);
    env.invalidate();
    await env.get();
    expect(setup.profileRuns()).toBe(2);
  });

  it('says the shell is slow to start and falls back to the app’s own PATH when the profile hangs', async () => {
    const setup = userSetup('sleep 30\n');
    const env = new LoginShellEnvironment({ base: finderEnvironment(setup.home), timeoutMs: 500 });
    const notices: Array<Notice | null> = [];
    env.onNotice((notice) => notices.push(notice));
    const got = await env.get();
    expect(got.PATH).toBe(FINDER_PATH);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ id: LOGIN_SHELL_NOTICE_ID, level: 'warning' });
    expect(notices[0]?.message).toContain('slow to start');
    expect(notices[0]?.message).toContain('~/.bash_profile');
  });
});

describe('a core started with the Finder PATH', () => {
  async function startCore(setup: UserSetup, slowAfterMs?: number): Promise<{ core: CompanionCore; statuses: TinygradStatus[] }> {
    vi.stubEnv('PATH', FINDER_PATH);
    vi.stubEnv('HOME', setup.home);
    vi.stubEnv('SHELL', '/bin/bash');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-login-shell-core-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const simStateFile = path.join(dataDir, 'sim-state.json');
    await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
    const port = await freePort();
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, inference: { tinygrad: { port } } }));
    const core = createCompanion({
      dataDir,
      transport: 'direct',
      demo: { simStateFile, simBinDir: simBinDir() },
      userEnvironment: new LoginShellEnvironment({ base: finderEnvironment(setup.home), ...(slowAfterMs === undefined ? {} : { slowAfterMs }) }),
    });
    cleanups.push(() => core.stop());
    await core.start();
    const statuses: TinygradStatus[] = [];
    core.on('tinygradStatus', (s) => statuses.push(s));
    return { core, statuses };
  }

  it('finds python3 with tinygrad and docker where the profile put them: readiness, server and benchmark', async () => {
    const setup = userSetup();
    const { core, statuses } = await startCore(setup);

    const ready = await core.checkTinygradReadiness({});
    expect(ready.unavailable).toBeNull();

    await core.startTinygrad({ model: 'llama3.1:8b', device: 'NV' });
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 15_000 }).toBe('serving');
    expect((await core.getInferenceStatus({})).tinygrad.log[0]).toBe('using device NV for llama3.1:8b');
    await core.stopTinygrad({});
    await expect.poll(() => statuses.at(-1)?.phase, { timeout: 10_000 }).toBe('stopped');

    const result = await core.runTinygradBenchmark({ model: 'llama3.1:8b', device: 'NV', tokens: 5 });
    expect(result.measurement).toMatchObject({ source: 'tinygrad-benchmark', onEgpu: true, completionTokens: 5 });

    // The readiness check, the server and the benchmark each ran the profile's python3, with docker on PATH.
    const seen = setup.dockerSeenByPython();
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen)).toEqual(new Set([path.join(setup.toolsDir, 'docker')]));
    // Read once for all three.
    expect(setup.profileRuns()).toBe(1);
  });

  it('tells the popover when the shell is slow to start, once, with the shell’s name', async () => {
    const setup = userSetup();
    const { core } = await startCore(setup, 0);
    expect((await core.getState({})).notices).toEqual([]);
    await core.checkTinygradReadiness({});
    await core.checkTinygradReadiness({});
    const notices = (await core.getState({})).notices.filter((notice) => notice.id === LOGIN_SHELL_NOTICE_ID);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'info' });
    expect(notices[0]?.message).toMatch(/^Your shell \(bash\) is slow to start/);
  });
});
