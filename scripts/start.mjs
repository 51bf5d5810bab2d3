#!/usr/bin/env node
// `npm start`: builds if the sources changed, then runs the Electron app where the Electron binary
// exists (a Mac), and otherwise web mode with the device simulator.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const built = join(root, 'out', 'main', 'cli.js');
  const inputs = [join(root, 'src'), join(root, 'electron.vite.config.ts'), join(root, 'package.json')];
  const newestInput = Math.max(...inputs.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
  if (existsSync(built) && statSync(built).mtimeMs >= newestInput) return;
  process.stdout.write('Building eGPU Companion…\n');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * The Electron binary's path, or null where it was not downloaded (Linux CI, ELECTRON_SKIP_BINARY_DOWNLOAD).
 * Reads what the electron package's installer recorded instead of require('electron'), which would try
 * to download the binary on the spot.
 */
function electronBinary() {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const relative = readFileSync(pathFile, 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
    const binary = join(distDir, relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

buildIfStale();
const extraArgs = process.argv.slice(2);
// EGPU_COMPANION_WEB=1 forces web mode (tests, or watching a headless Mac from a browser).
const binary = process.env.EGPU_COMPANION_WEB === '1' ? null : electronBinary();
const child = binary
  ? spawn(binary, [root, ...extraArgs], { stdio: 'inherit' })
  : (process.stdout.write('Electron is not available on this machine, so eGPU Companion runs in web mode with the device simulator.\n'),
    spawn(process.execPath, [join(root, 'bin', 'egpu-companion.mjs'), 'serve', '--demo', ...extraArgs], { stdio: 'inherit' }));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
