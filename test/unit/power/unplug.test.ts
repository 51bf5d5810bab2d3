import { describe, expect, it } from 'vitest';
import type { UnplugHolder } from '../../../src/core/api/power';
import { nullLogger } from '../../../src/core/platform/logger';
import { isPreparedUnplug, PREPARED_UNPLUG_WINDOW_MS, UnplugService, unplugStatus } from '../../../src/core/power/unplug';

const PYTHON: UnplugHolder = { pid: 4242, name: 'python3', command: 'python3 -m tinygrad.serve', ownedByApp: false };
const SERVER: UnplugHolder = { pid: 900, name: 'tinygrad server', command: null, ownedByApp: true };

describe('prepare to unplug', () => {
  it('lists what holds the eGPU and says "safe to unplug" only once the list is empty', async () => {
    let now = 1_000;
    const lists: UnplugHolder[][] = [[PYTHON], [PYTHON], []];
    const service = new UnplugService({ holders: async () => lists.shift() ?? [], now: () => now, logger: nullLogger });

    const first = await service.refresh();
    expect(first.safeToUnplug).toBe(false);
    expect(first.message).toBe('In use by python3 (pid 4242): quit it before unplugging');
    expect(service.isPreparedUnplug()).toBe(false);

    now += 1_000;
    expect((await service.refresh()).safeToUnplug).toBe(false);

    now += 1_000;
    const last = await service.refresh();
    expect(last).toMatchObject({ safeToUnplug: true, message: 'Safe to unplug', preparedAt: 3_000 });
    expect(service.isPreparedUnplug()).toBe(true);
  });

  it('is never "safe" when the list cannot be read', async () => {
    const service = new UnplugService({ holders: () => Promise.reject(new Error('lsof missing')), now: () => 0, logger: nullLogger });
    expect(await service.refresh()).toMatchObject({ safeToUnplug: false, checking: true });
    expect(unplugStatus(null, null).safeToUnplug).toBe(false);
  });

  it('stops only what the app itself started', async () => {
    const stopped: number[] = [];
    let holders = [PYTHON, SERVER];
    const service = new UnplugService({
      holders: async () => holders,
      stopOwned: async (h) => {
        stopped.push(h.pid ?? -1);
        holders = holders.filter((x) => x !== h);
      },
      now: () => 0,
      logger: nullLogger,
    });
    await service.refresh();
    await service.stopOwned(PYTHON.pid ?? -1);
    expect(stopped).toEqual([]);
    const after = await service.stopOwned(SERVER.pid ?? -1);
    expect(stopped).toEqual([900]);
    expect(after.holders).toEqual([PYTHON]);
  });

  it('a prepared unplug counts only for a while, and not after cancelling', async () => {
    expect(isPreparedUnplug(100, 100 + PREPARED_UNPLUG_WINDOW_MS)).toBe(true);
    expect(isPreparedUnplug(100, 101 + PREPARED_UNPLUG_WINDOW_MS)).toBe(false);
    expect(isPreparedUnplug(null, 5)).toBe(false);
    const service = new UnplugService({ holders: async () => [], now: () => 7, logger: nullLogger });
    await service.refresh();
    service.cancel();
    expect(service.isPreparedUnplug()).toBe(false);
  });
});
