// Every host builds its power port from the data folder's settings: the pmset/ioreg/caffeinate paths
// there are the ones run, never hard-coded system paths.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostPowerPort } from '../../../src/cli/host-ports';
import { nullLogger } from '../../../src/core/platform/logger';
import { powerPortForDataDir } from '../../../src/core/power/host-power-port';
import { POWER_FIXTURES_DIR } from '../../fixtures/power/fixtures';

const BIN = join(POWER_FIXTURES_DIR, 'bin');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDirWith(paths: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'egpu-power-paths-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, monitor: { paths } }));
  return dir;
}

describe('power port from the settings paths', () => {
  it('runs the pmset and ioreg the settings name', async () => {
    const dir = dataDirWith({ pmset: join(BIN, 'pmset'), ioreg: join(BIN, 'ioreg'), caffeinate: join(BIN, 'caffeinate') });
    for (const port of [await powerPortForDataDir(dir, nullLogger), await hostPowerPort(dir, nullLogger)]) {
      expect(port.supported).toBe(true);
      expect((await port.readSleepSettings()).sleepTimerMin).toBe(10);
      expect(await port.idleSeconds()).toBe(570);
    }
  });

  it('is unsupported when the pmset in settings does not exist, whatever the system has', async () => {
    const dir = dataDirWith({ pmset: join(BIN, 'no-such-pmset') });
    expect((await powerPortForDataDir(dir, nullLogger)).supported).toBe(false);
  });
});
