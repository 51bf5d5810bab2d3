// Shared set-up for the setup-service integration tests: a SetupService on a temp data folder
// and home, the test recipes, a /bin/sh login shell, and a recorder for the events it emits.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { EventPayload } from '../../../src/core/api/contract';
import type { ShellPort } from '../../../src/core/ports';
import type { HostFacts } from '../../../src/core/platform/host-facts';
import { createSetupFeature, type SetupHandlers } from '../../../src/core/setup/setup-feature';
import { SetupService, type SetupEventName, type SetupServiceOptions } from '../../../src/core/setup/setup-service';

export const FIXTURE_RECIPES = path.resolve(__dirname, '../../fixtures/recipes');

/** What web-mode on Linux sees: nothing Mac-specific is known. */
export const DEMO_FACTS: HostFacts = {
  platform: 'linux',
  arch: 'x64',
  appleSilicon: null,
  macosVersion: null,
  freeDiskBytes: 100 * 1024 ** 3,
  ramBytes: 16 * 1024 ** 3,
  homebrewPath: null,
  thunderboltPorts: null,
};

type Recorded = { [E in SetupEventName]: { event: E; payload: EventPayload<E> } }[SetupEventName];

export class EventRecorder {
  readonly events: Recorded[] = [];
  private readonly listeners = new Set<() => void>();
  /** Runs synchronously on every event (the test's "renderer"). */
  onEvent: ((event: Recorded) => void) | null = null;

  readonly emit = <E extends SetupEventName>(event: E, payload: EventPayload<E>): void => {
    const recorded = { event, payload } as Recorded;
    this.events.push(recorded);
    this.onEvent?.(recorded);
    for (const listener of [...this.listeners]) listener();
  };

  output(sessionId: string): string {
    return this.events
      .map((recorded) => (recorded.event === 'setupOutput' && recorded.payload.sessionId === sessionId ? recorded.payload.data : ''))
      .join('');
  }

  exitOf(sessionId: string): EventPayload<'setupExit'> | undefined {
    for (const recorded of this.events) {
      if (recorded.event === 'setupExit' && recorded.payload.sessionId === sessionId) return recorded.payload;
    }
    return undefined;
  }

  /** Resolves with the first truthy value of `probe`, re-evaluated after every event. */
  waitFor<T>(probe: () => T | undefined | null | false, label: string, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = probe();
        if (!value) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${label}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void attempt();
      this.listeners.add(listener);
      attempt();
    });
  }

  waitForOutput(sessionId: string, text: string | RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor(
      () => {
        const output = this.output(sessionId);
        return (typeof text === 'string' ? output.includes(text) : text.test(output)) ? output : null;
      },
      `output ${String(text)}`,
      timeoutMs,
    );
  }

  waitForExit(sessionId: string, timeoutMs?: number): Promise<EventPayload<'setupExit'>> {
    return this.waitFor(() => this.exitOf(sessionId), `exit of ${sessionId}`, timeoutMs);
  }
}

export interface Harness {
  service: SetupService;
  /** The setup commands as the companion answers them (the terminal and log commands live in the feature). */
  setup: SetupHandlers;
  recorder: EventRecorder;
  dataDir: string;
  home: string;
  revealed: string[];
  /** Another SetupService on the same data folder: the app launched again. */
  relaunch(overrides?: Partial<SetupServiceOptions>): Harness;
  cleanup(): Promise<void>;
}

export async function createHarness(overrides: Partial<SetupServiceOptions> = {}): Promise<Harness> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'setup-it-'));
  const dataDir = path.join(root, 'data');
  const home = path.join(root, 'home');
  const services: SetupService[] = [];

  const build = (extra: Partial<SetupServiceOptions>): Harness => {
    const recorder = new EventRecorder();
    const revealed: string[] = [];
    const shell: ShellPort = {
      openExternal: async () => false,
      showItemInFolder: async (file) => {
        revealed.push(file);
        return true;
      },
    };
    const service = new SetupService({
      dataDir,
      recipesDir: FIXTURE_RECIPES,
      shell,
      emit: recorder.emit,
      hostFacts: async () => DEMO_FACTS,
      loginShell: '/bin/sh',
      homeDir: home,
      killGraceMs: 200,
      ...overrides,
      ...extra,
    });
    services.push(service);
    return {
      service,
      setup: createSetupFeature(service, shell).handlers,
      recorder,
      dataDir,
      home,
      revealed,
      relaunch: (more = {}) => build({ ...extra, ...more }),
      cleanup: async () => {
        await Promise.all(services.map((each) => each.dispose()));
        await rm(root, { recursive: true, force: true });
      },
    };
  };
  await mkdir(home, { recursive: true });
  return build({});
}

/**
 * A fresh harness with `recipeId` selected before each test, cleaned up after it with no child process
 * left; call it inside a describe and read the current harness through the returned getter.
 */
export function harnessPerTest(recipesDir: string, recipeId: string): () => Harness {
  let current: Harness | null = null;
  beforeEach(async () => {
    current = await createHarness({ recipesDir });
    await current.service.selectRecipe({ recipeId });
  });
  afterEach(async () => {
    await current?.cleanup();
    current = null;
    await expectNoChildProcesses();
  });
  return () => {
    if (!current) throw new Error('the harness exists only while a test runs');
    return current;
  };
}

/** True while `pid` is a live process (a zombie waiting to be reaped counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    const state = readFileSync(stat, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Live child processes of this test process (Linux; empty elsewhere). */
export function liveChildPids(): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const after = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ');
      if (after && after[0] !== 'Z' && Number(after[1]) === process.pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** Waits until every child process of this test process is gone; names any that stay. */
export async function expectNoChildProcesses(): Promise<void> {
  try {
    await eventually(() => liveChildPids().length === 0, 'no child processes remain');
  } catch {
    const leftovers = liveChildPids().map((pid) => `${pid}: ${commandLineOf(pid)}`);
    throw new Error(`child processes left behind: ${leftovers.join('; ')}`);
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '(gone)';
  }
}

/** Polls (the kernel gives no event) until `check` holds, with a generous limit. */
export async function eventually(check: () => boolean, label: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function pidFrom(output: string, label: string): number {
  const match = new RegExp(`${label} (\\d+)`).exec(output);
  if (!match?.[1]) throw new Error(`no "${label} <pid>" in output`);
  return Number(match[1]);
}
