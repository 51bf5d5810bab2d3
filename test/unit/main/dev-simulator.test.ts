import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { developerSimulator, prepareSimulator, SIMULATOR_ENV } from '../../../src/main/dev-simulator';

describe('the developer simulator flag', () => {
  const binDir = () => '/repo/resources/sim/bin';
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('points an unpackaged app at the simulator', () => {
    expect(developerSimulator(false, { [SIMULATOR_ENV]: '/tmp/sim.json' }, binDir)).toEqual({ simStateFile: '/tmp/sim.json', simBinDir: binDir() });
  });

  it('is ignored by a packaged app, when unset, or with a relative path', () => {
    expect(developerSimulator(true, { [SIMULATOR_ENV]: '/tmp/sim.json' }, binDir)).toBeNull();
    expect(developerSimulator(false, {}, binDir)).toBeNull();
    expect(developerSimulator(false, { [SIMULATOR_ENV]: 'sim.json' }, binDir)).toBeNull();
  });

  it('starts a missing simulator in the connected scenario and keeps an existing one', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dev-sim-'));
    const file = path.join(dir, 'sim.json');
    await prepareSimulator({ simStateFile: file, simBinDir: binDir() });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ scenario: 'connected' });
    expect(await prepareSimulator(null)).toBeNull();
    expect(existsSync(file)).toBe(true);
  });
});
