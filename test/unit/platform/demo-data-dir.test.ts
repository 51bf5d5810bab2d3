// `serve --demo` without --data-dir: its temp folder goes away when the run ends.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoDataDir } from '../../../src/cli/demo-data-dir';

describe('demo data folder', () => {
  it('is removed with everything in it on shutdown', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'egpu-demo-parent-'));
    const demo = await createDemoDataDir(undefined, parent);
    writeFileSync(path.join(demo.dir, 'settings.json'), '{}');
    expect(readdirSync(parent)).toHaveLength(1);
    await demo.dispose();
    await demo.dispose();
    expect(existsSync(demo.dir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('is removed when the process exits without a clean shutdown', () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'egpu-demo-parent-'));
    const script = `
      import { createDemoDataDir } from ${JSON.stringify(path.resolve(__dirname, '../../../src/cli/demo-data-dir.ts'))};
      const demo = await createDemoDataDir(undefined, ${JSON.stringify(parent)});
      console.log(demo.dir);
      process.exit(1);`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    const dir = run.stdout.trim();
    expect(dir.startsWith(parent)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
