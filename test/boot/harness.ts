// Starts the built main process (out/main/index.js) under plain Node with the Electron double, in
// temp HOME and data folders, and talks to the double over the child-process channel.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { BootOrder, BootRecord, BootReply } from './protocol';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const OUT_DIR = path.join(REPO_ROOT, 'out');
const MAIN_ENTRY = path.join(OUT_DIR, 'main', 'index.js');
const REGISTER = pathToFileURL(fileURLToPath(new URL('./register-electron-double.mjs', import.meta.url))).href;

type OrderInput = BootOrder extends infer O ? (O extends BootOrder ? Omit<O, 'id'> : never) : never;

export interface BootOptions {
  /** Packaged layout: app.isPackaged is true and process.resourcesPath is a folder built from extraResources. */
  packaged: boolean;
  /** settings.json in the app's data folder before it starts. */
  settings?: object;
  /** Command-line arguments after the entry point, given the temp root (`--self-test=<root>/self-test`). */
  args?: (root: string) => string[];
}

export interface BootedApp {
  readonly root: string;
  readonly home: string;
  /** The fake Contents/Resources (packaged layout only). */
  readonly resourcesPath: string | null;
  records(): BootRecord[];
  waitFor<T>(find: (records: BootRecord[]) => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  send(order: OrderInput): Promise<BootReply>;
  /** Resolves when the process has ended by itself. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** Kills the process if it is still running and removes the temp folders. */
  dispose(): Promise<void>;
}

/** Copies every `extraResources` entry of electron-builder.yml where electron-builder would put it. */
export function buildFakeResources(target: string): void {
  const config = parse(readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as { extraResources?: Array<{ from: string; to: string }> };
  mkdirSync(target, { recursive: true });
  for (const entry of config.extraResources ?? []) cpSync(path.join(REPO_ROOT, entry.from), path.join(target, entry.to), { recursive: true });
}

export function startBootedApp(options: BootOptions): BootedApp {
  if (!existsSync(MAIN_ENTRY)) throw new Error('out/main/index.js is missing: run `npm run build` first (npm test does)');
  const root = mkdtempSync(path.join(os.tmpdir(), 'egpu-boot-'));
  const home = path.join(root, 'home');
  mkdirSync(home);
  if (options.settings) {
    // Where the double's app.getPath('userData') points.
    const userData = path.join(home, 'Library', 'Application Support', 'eGPU Companion');
    mkdirSync(userData, { recursive: true });
    writeFileSync(path.join(userData, 'settings.json'), JSON.stringify(options.settings));
  }
  const recordFile = path.join(root, 'calls.jsonl');
  const resourcesPath = options.packaged ? path.join(root, 'eGPU Companion.app', 'Contents', 'Resources') : null;
  if (resourcesPath) buildFakeResources(resourcesPath);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    TMPDIR: root,
    EGPU_BOOT_RECORD: recordFile,
    EGPU_BOOT_APP_VERSION: '9.8.7',
  };
  if (resourcesPath) {
    env['EGPU_BOOT_PACKAGED'] = '1';
    env['EGPU_BOOT_RESOURCES_PATH'] = resourcesPath;
  } else {
    env['EGPU_COMPANION_SIMULATOR'] = path.join(root, 'sim-state.json');
  }

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--import', REGISTER, MAIN_ENTRY, ...(options.args?.(root) ?? [])], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  let nextId = 1;
  const pending = new Map<number, (reply: BootReply) => void>();
  child.on('message', (reply: BootReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });

  const records = (): BootRecord[] =>
    existsSync(recordFile)
      ? readFileSync(recordFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as BootRecord)
      : [];

  return {
    root,
    home,
    resourcesPath,
    records,
    output: () => output,
    exited,
    async waitFor(find, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find(records());
        if (found !== undefined) return found;
        if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before ${what}\n${output}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    send(order) {
      const id = nextId++;
      return new Promise<BootReply>((resolve, reject) => {
        pending.set(id, resolve);
        child.send({ ...order, id }, (error) => {
          if (error) reject(error);
        });
      });
    },
    async dispose() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The calls made on one double object, e.g. calls(records, 'Tray#1', 'setImage'). */
export function calls(records: readonly BootRecord[], target: string, method?: string): BootRecord[] {
  return records.filter((record) => record.target === target && (method === undefined || record.method === method));
}
