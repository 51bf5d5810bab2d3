// Bundles a TypeScript child-process script into one plain .mjs, so tests can start it many times
// quickly with `node` (no TypeScript loader in every child).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

export async function buildChildScript(entry: string): Promise<string> {
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'egpu-child-build-')), `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    // proper-lockfile and friends are CommonJS; give the bundle a require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}
