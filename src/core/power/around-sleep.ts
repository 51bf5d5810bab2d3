// Around sleep: remember the eGPU and what used it as the Mac goes down; on wake, compare.
import { ON_BATTERY_HAZARD_ID } from '../api/power';
import type { Hazard, Severity } from '../api/schemas';

/** What the service needs to know about the eGPU right now; the composition root maps devices to this. */
export interface EgpuContext {
  devices: EgpuDeviceBrief[];
  /** Driver reports ready; null = not known. */
  driverReady: boolean | null;
  /** What uses the eGPU ("python3 (pid 4242)", "TinyGPU server", "a generation"). Empty = idle. */
  users: string[];
}

export interface EgpuDeviceBrief {
  key: string;
  name: string;
  /** A comparable link description ("Thunderbolt 4 · x4 Gen3"); null = unknown. */
  link: string | null;
}

export interface SleepRecord {
  at: number;
  devices: EgpuDeviceBrief[];
  users: string[];
}

export interface WakeResult {
  severity: Severity;
  /** 'back': same device, same link, driver ready. */
  outcome: 'back' | 'missing' | 'link-changed' | 'driver-not-ready';
  message: string;
  deviceKey: string | null;
}

export function recordBeforeSleep(ctx: EgpuContext, at: number): SleepRecord | null {
  if (ctx.devices.length === 0) return null;
  return { at, devices: ctx.devices.map((d) => ({ ...d })), users: [...ctx.users] };
}

export function compareAfterWake(record: SleepRecord, now: EgpuContext): WakeResult[] {
  const wasRunning = record.users.length > 0 ? ` Before sleep it was used by ${record.users.join(', ')}.` : '';
  return record.devices.map((before): WakeResult => {
    const after = now.devices.find((d) => d.key === before.key);
    if (!after) {
      return {
        severity: 'critical',
        outcome: 'missing',
        message: `${before.name} did not come back after sleep; power-cycle the enclosure, then reconnect.${wasRunning}`,
        deviceKey: before.key,
      };
    }
    if (before.link !== null && after.link !== null && before.link !== after.link) {
      return {
        severity: 'critical',
        outcome: 'link-changed',
        message: `${before.name} came back on a different link (${before.link} → ${after.link}).${wasRunning}`,
        deviceKey: before.key,
      };
    }
    if (now.driverReady === false) {
      return {
        severity: 'critical',
        outcome: 'driver-not-ready',
        message: `${before.name} is back but the driver is not ready.${wasRunning}`,
        deviceKey: before.key,
      };
    }
    return { severity: 'info', outcome: 'back', message: `${before.name} is back after sleep.`, deviceKey: before.key };
  });
}

export function onBatteryHazard(egpuAttached: boolean, onBattery: boolean | null, now: number): Hazard | null {
  if (!egpuAttached || onBattery !== true) return null;
  return {
    id: ON_BATTERY_HAZARD_ID,
    severity: 'info',
    title: 'Running on battery with an eGPU attached',
    why: 'The enclosure has its own power supply: keep it powered, or the eGPU drops off the bus and may not come back until it is power-cycled.',
    actions: [{ kind: 'dismiss', label: 'Dismiss' }],
    since: now,
  };
}
