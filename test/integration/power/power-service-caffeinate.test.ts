// PowerService on the plain-Node port with fake pmset/ioreg/caffeinate: keeping awake starts one
// real child, and quitting leaves none (counted by pid).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PowerSettingsSchema } from '../../../src/core/api/power';
import { nullLogger } from '../../../src/core/platform/logger';
import { createNodePowerPort } from '../../../src/core/power/node-port';
import type { Clock } from '../../../src/core/platform/clock';
import { PowerService } from '../../../src/core/power/power-service';
import { POWER_FIXTURES_DIR } from '../../fixtures/power/fixtures';

const BIN = join(POWER_FIXTURES_DIR, 'bin');
const RTX = { devices: [{ key: 'nvidia:2684:0', name: 'RTX 4090', link: 'Thunderbolt 4' }], driverReady: true, users: [] };

let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'power-svc-'));
  log = join(dir, 'caffeinate.log');
  vi.stubEnv('FAKE_CAFFEINATE_LOG', log);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function pids(): number[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => Number(l.split(' ')[0])) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone, which is the answer.
    return false;
  }
}

describe('PowerService with caffeinate', () => {
  it('keeps awake with one child while attached and leaves none after quit', async () => {
    const port = await createNodePowerPort({
      paths: { pmset: join(BIN, 'pmset'), ioreg: join(BIN, 'ioreg'), caffeinate: join(BIN, 'caffeinate') },
      timeoutMs: 5_000,
      maxOutputBytes: 64 * 1024,
      logger: nullLogger,
    });
    // Timers never fire here: each reading is driven explicitly.
    const clock: Clock = { now: () => 0, setTimeout: () => 1, setInterval: () => 1, cancel: () => undefined };
    const service = new PowerService({ port, clock, egpu: () => RTX, emit: () => undefined, settings: PowerSettingsSchema.parse({}), logger: nullLogger });
    service.start();
    await vi.waitFor(() => expect(service.state().status.preventedBy).toEqual(['caffeinate', 'Music']), { timeout: 8_000, interval: 20 });
    expect(service.state().status.sleepTimerMin).toBe(10);

    service.setKeepAwake('while-attached');
    service.setKeepAwake('while-attached');
    await vi.waitFor(() => expect(pids()).toHaveLength(1), { timeout: 8_000, interval: 20 });
    expect(alive(pids()[0] ?? -1)).toBe(true);

    service.stop();
    await vi.waitFor(() => expect(pids().filter(alive)).toEqual([]), { timeout: 8_000, interval: 20 });
    expect(pids()).toHaveLength(1);
  });
});
