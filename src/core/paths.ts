// Where the app keeps its files, and where its bundled resources are.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Web/CLI mode data folder: $XDG_CONFIG_HOME/egpu-companion (Electron uses its userData folder). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'egpu-companion');
}

let cachedRoot: string | null = null;

/** The folder holding package.json — found by walking up, so it works from src/ and from bundled out/. */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && isOurManifest(manifest)) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the egpu-companion package root');
    dir = parent;
  }
}

function isOurManifest(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'egpu-companion';
  } catch {
    return false;
  }
}

/** Bundled resources (recipes, simulator, tray icons): the packaged app passes its own folder. */
export function resourcesDir(override?: string | null): string {
  return override ?? path.join(appRoot(), 'resources');
}

/** Setup recipes; the demo's recipes never run real installers on the machine showing it. */
export function recipesDir(resources: string, demo: boolean): string {
  return path.join(resources, demo ? 'recipes-demo' : 'recipes');
}

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
