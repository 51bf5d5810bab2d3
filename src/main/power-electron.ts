// The Electron power adapter: powerMonitor events and idle time, powerSaveBlocker to hold the Mac
// awake. pmset readings (sleep timer, assertions) come from the plain-Node adapter; Electron has no
// API for them. Electron objects are passed in, so this runs under plain Node in tests.
import type { PowerMonitor, PowerSaveBlocker } from 'electron';
import { describeError, type LoggerPort } from '../core/platform/logger';
import { POWER_EVENT_NAMES, type AwakeHold, type PowerEventName, type PowerPort } from '../core/ports';

/** The parts of Electron's powerMonitor the adapter uses. */
export interface ElectronPowerMonitorLike {
  on(event: PowerEventName, listener: () => void): unknown;
  removeListener(event: PowerEventName, listener: () => void): unknown;
  getSystemIdleTime(): number;
  isOnBatteryPower(): boolean;
}

export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): boolean | void;
  isStarted(id: number): boolean;
}

// Compile-time proof that the real objects fit: a mismatch fails type-checking here.
type Fits<T extends true> = T;
export type ElectronFits = [
  Fits<PowerMonitor extends ElectronPowerMonitorLike ? true : false>,
  Fits<PowerSaveBlocker extends PowerSaveBlockerLike ? true : false>,
];

export interface ElectronPowerPortOptions {
  powerMonitor: ElectronPowerMonitorLike;
  powerSaveBlocker: PowerSaveBlockerLike;
  /** The plain-Node port for pmset readings (unsupported where pmset is absent). */
  pmset: Pick<PowerPort, 'supported' | 'readSleepSettings' | 'readAssertions' | 'readBattery'>;
  logger: LoggerPort;
}

/** Pure: Electron's idle seconds (integer, ≥ 0) or unknown. */
export function electronIdleSeconds(raw: unknown): number | null {
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? raw : null;
}

/** Pure: one blocker id held; release stops exactly that id, once. */
export function blockerHold(blocker: PowerSaveBlockerLike, logger: LoggerPort): AwakeHold | null {
  let id: number;
  try {
    id = blocker.start('prevent-app-suspension');
  } catch (error) {
    logger.debug('powerSaveBlocker.start failed', describeError(error));
    return null;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (blocker.isStarted(id)) blocker.stop(id);
    },
  };
}

export function createElectronPowerPort(options: ElectronPowerPortOptions): PowerPort {
  const { powerMonitor, pmset, logger } = options;
  return {
    supported: pmset.supported,
    on(event, listener) {
      if (!POWER_EVENT_NAMES.includes(event)) return () => undefined;
      powerMonitor.on(event, listener);
      return () => {
        powerMonitor.removeListener(event, listener);
      };
    },
    idleSeconds() {
      try {
        return Promise.resolve(electronIdleSeconds(powerMonitor.getSystemIdleTime()));
      } catch (error) {
        logger.debug('getSystemIdleTime failed', describeError(error));
        return Promise.resolve(null);
      }
    },
    readSleepSettings: () => pmset.readSleepSettings(),
    readAssertions: () => pmset.readAssertions(),
    async readBattery() {
      const battery = await pmset.readBattery();
      if (battery.onBattery !== null) return battery;
      try {
        return { ...battery, onBattery: powerMonitor.isOnBatteryPower() };
      } catch (error) {
        logger.debug('isOnBatteryPower failed', describeError(error));
        return battery;
      }
    },
    holdAwake: () => blockerHold(options.powerSaveBlocker, logger),
  };
}
