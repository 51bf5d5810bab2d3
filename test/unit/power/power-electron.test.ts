// The Electron adapter with fake powerMonitor and powerSaveBlocker objects.
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/core/platform/logger';
import { UNKNOWN_BATTERY, unsupportedPowerPort, type PowerEventName } from '../../../src/core/ports';
import { blockerHold, createElectronPowerPort, electronIdleSeconds, type PowerSaveBlockerLike } from '../../../src/main/power-electron';

function fakeMonitor(idle: () => number) {
  const listeners = new Map<PowerEventName, Set<() => void>>();
  return {
    on(event: PowerEventName, l: () => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(l);
    },
    removeListener(event: PowerEventName, l: () => void) {
      listeners.get(event)?.delete(l);
    },
    emit(event: PowerEventName) {
      for (const l of listeners.get(event) ?? []) l();
    },
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    getSystemIdleTime: idle,
    isOnBatteryPower: () => true,
  };
}

function fakeBlocker(): PowerSaveBlockerLike & { live: Set<number> } {
  let next = 1;
  const live = new Set<number>();
  return {
    live,
    start: () => {
      live.add(next);
      return next++;
    },
    stop: (id) => live.delete(id),
    isStarted: (id) => live.has(id),
  };
}

describe('Electron power port', () => {
  it('forwards powerMonitor events and unsubscribes', () => {
    const monitor = fakeMonitor(() => 0);
    const port = createElectronPowerPort({ powerMonitor: monitor, powerSaveBlocker: fakeBlocker(), pmset: unsupportedPowerPort, logger: nullLogger });
    const seen: string[] = [];
    const offs = (['suspend', 'resume', 'on-battery'] as const).map((e) => port.on(e, () => seen.push(e)));
    monitor.emit('suspend');
    monitor.emit('resume');
    monitor.emit('on-battery');
    expect(seen).toEqual(['suspend', 'resume', 'on-battery']);
    for (const off of offs) off();
    expect(monitor.count()).toBe(0);
  });

  it('reads idle seconds from getSystemIdleTime, unknown when it misbehaves', async () => {
    const port = createElectronPowerPort({ powerMonitor: fakeMonitor(() => 570), powerSaveBlocker: fakeBlocker(), pmset: unsupportedPowerPort, logger: nullLogger });
    expect(await port.idleSeconds()).toBe(570);
    const broken = createElectronPowerPort({
      powerMonitor: fakeMonitor(() => {
        throw new Error('no');
      }),
      powerSaveBlocker: fakeBlocker(),
      pmset: unsupportedPowerPort,
      logger: nullLogger,
    });
    expect(await broken.idleSeconds()).toBeNull();
    expect(electronIdleSeconds(-1)).toBeNull();
    expect(electronIdleSeconds(Number.NaN)).toBeNull();
  });

  it('fills in battery from isOnBatteryPower when pmset cannot say', async () => {
    const port = createElectronPowerPort({
      powerMonitor: fakeMonitor(() => 0),
      powerSaveBlocker: fakeBlocker(),
      pmset: { ...unsupportedPowerPort, readBattery: async () => UNKNOWN_BATTERY },
      logger: nullLogger,
    });
    expect((await port.readBattery()).onBattery).toBe(true);
  });

  it('holds one prevent-app-suspension blocker and stops exactly that id, once', () => {
    const blocker = fakeBlocker();
    const hold = blockerHold(blocker, nullLogger);
    expect(blocker.live.size).toBe(1);
    hold?.release();
    hold?.release();
    expect(blocker.live.size).toBe(0);
  });
});
