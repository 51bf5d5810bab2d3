// Tiny stand-ins that print a recorded fixture with a given exit code, for source-level tests.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import type { SourceContext } from '../../../src/core/probe/sources/source';
import { TierCache } from '../../../src/core/probe/sources/tiers';

export function fakeToolDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'egpu-fake-tools-'));
}

/** Writes an executable that prints `fixtureFile` (absolute) and exits with `code`. */
export function fakeTool(dir: string, name: string, fixtureFile: string | null, code = 0): string {
  const file = path.join(dir, name);
  const body = fixtureFile ? `cat '${fixtureFile}'\n` : '';
  writeFileSync(file, `#!/bin/sh\n${body}exit ${code}\n`);
  chmodSync(file, 0o755);
  return file;
}

export function fakeContext(paths: Partial<SourceContext['monitor']['paths']>, tmpdir: string): SourceContext {
  const missing = path.join(tmpdir, 'missing');
  return {
    monitor: {
      ...DEFAULT_SETTINGS.monitor,
      paths: {
        ...DEFAULT_SETTINGS.monitor.paths,
        tinygpuApp: missing,
        systemextensionsctl: missing,
        systemProfiler: missing,
        ioreg: missing,
        ps: missing,
        lsof: missing,
        ...paths,
      },
    },
    env: { ...process.env, TMPDIR: tmpdir },
    now: () => 1_800_000_000_000,
    tiers: new TierCache(),
  };
}
