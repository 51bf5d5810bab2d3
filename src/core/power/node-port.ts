// The plain-Node macOS adapter (CLI and web mode): pmset, ioreg and caffeinate. Where pmset does
// not exist (Linux) the port is unsupported and every read answers unknown.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Settings } from '../api/settings';
import { realClock } from '../platform/clock';
import { describeError, type LoggerPort } from '../platform/logger';
import { runCommand } from '../platform/run-command';
import { startCaffeinate } from './caffeinate';
import { parseHidIdleSeconds, parsePmsetAssertions, parsePmsetBatt, parsePmsetSettings } from './parsers';
import {
  UNKNOWN_ASSERTIONS,
  UNKNOWN_BATTERY,
  UNKNOWN_SLEEP_SETTINGS,
  unsupportedPowerPort,
  type PowerEventName,
  type PowerPort,
} from '../ports';
import { WakeDetector } from './wake-detector';

export interface NodePowerPaths {
  pmset: string;
  ioreg: string;
  caffeinate: string;
}

export interface NodePowerPortOptions {
  paths: NodePowerPaths;
  timeoutMs: number;
  maxOutputBytes: number;
  logger: LoggerPort;
  /** The commands' environment; the process's by default (the simulator's tools read their state file from it). */
  env?: NodeJS.ProcessEnv;
}

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    // Absent or not executable is exactly what this asks.
    return false;
  }
}

/** Checks once which commands exist, then answers with a supported or an unsupported port. */
export async function createNodePowerPort(options: NodePowerPortOptions): Promise<PowerPort> {
  const [pmset, ioreg, caffeinate] = await Promise.all([
    executable(options.paths.pmset),
    executable(options.paths.ioreg),
    executable(options.paths.caffeinate),
  ]);
  if (!pmset) return unsupportedPowerPort;

  const run = async (argv: string[]): Promise<string | null> => {
    const result = await runCommand({ argv, timeoutMs: options.timeoutMs, maxOutputBytes: options.maxOutputBytes, ...(options.env ? { env: options.env } : {}) });
    if (result.error !== null || result.exitCode !== 0) {
      options.logger.debug(`power: ${argv.join(' ')} failed`, result.error?.message ?? `exit ${String(result.exitCode)}`);
      return null;
    }
    return result.stdout;
  };
  // No powerMonitor in plain Node: a wall-clock jump is the only sign of a sleep, seen after wake.
  const wake = new WakeDetector(realClock);

  return {
    supported: true,
    on(event: PowerEventName, listener: () => void): () => void {
      return event === 'resume' ? wake.onWake(listener) : () => undefined;
    },
    async idleSeconds() {
      if (!ioreg) return null;
      const out = await run([options.paths.ioreg, '-r', '-c', 'IOHIDSystem', '-d', '1']);
      return out === null ? null : parseHidIdleSeconds(out);
    },
    async readSleepSettings() {
      const out = await run([options.paths.pmset, '-g']);
      return out === null ? UNKNOWN_SLEEP_SETTINGS : parsePmsetSettings(out);
    },
    async readAssertions() {
      const out = await run([options.paths.pmset, '-g', 'assertions']);
      return out === null ? UNKNOWN_ASSERTIONS : parsePmsetAssertions(out);
    },
    async readBattery() {
      const out = await run([options.paths.pmset, '-g', 'batt']);
      return out === null ? UNKNOWN_BATTERY : parsePmsetBatt(out);
    },
    holdAwake() {
      if (!caffeinate) return null;
      try {
        return startCaffeinate(options.paths.caffeinate, options.logger);
      } catch (error) {
        options.logger.debug('power: caffeinate failed', describeError(error));
        return null;
      }
    },
  };
}

/** The plain-Node port with the command paths and limits of the monitor settings. */
export function nodePowerPortFor(monitor: Settings['monitor'], logger: LoggerPort): Promise<PowerPort> {
  const { pmset, ioreg, caffeinate } = monitor.paths;
  return createNodePowerPort({ paths: { pmset, ioreg, caffeinate }, timeoutMs: monitor.probeTimeoutMs, maxOutputBytes: monitor.probeOutputCapBytes, logger });
}
