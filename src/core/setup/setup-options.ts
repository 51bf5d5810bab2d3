// What the setup service is given: where things are, how to reach the host, and the hooks the
// composition root wires (the login shell to re-read, the driver state as the popover reads it).
import os from 'node:os';
import type { EventPayload } from '../api/contract';
import type { LoggerPort } from '../platform/logger';
import type { ShellPort } from '../ports';
import type { DriverStateReader } from './driver-truth';
import type { HostFacts } from '../platform/host-facts';
import type { GpuVendorChoice } from './preflight';

export type SetupEventName = 'setupOutput' | 'setupExit' | 'setupProgress';
export type SetupEmit = <E extends SetupEventName>(event: E, payload: EventPayload<E>) => void;

export interface SetupServiceOptions {
  dataDir: string;
  recipesDir: string;
  shell: ShellPort;
  emit: SetupEmit;
  hostFacts?: () => Promise<HostFacts>;
  detectGpuVendor?: () => GpuVendorChoice | null;
  now?: () => number;
  /** Boot time in ms since epoch (restart detection). */
  bootTime?: () => number;
  /** The shell commands run in; defaults to the user's POSIX login shell. */
  loginShell?: string;
  /** The user's home folder: commands start there and see it as $HOME. */
  homeDir?: string;
  /** Called after every run of a step, whatever its outcome: it may have changed the shell profile. */
  afterRun?: () => void;
  /** The driver's state as the popover reads it, for the driver steps (driver-truth.ts). */
  driverState?: DriverStateReader;
  /** Wait between Ctrl-C, SIGTERM and SIGKILL when a step is cancelled or times out. */
  killGraceMs?: number;
  logger?: LoggerPort;
}

export function defaultBootTime(): number {
  return Date.now() - os.uptime() * 1000;
}
