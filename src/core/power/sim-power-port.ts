// The simulated Mac's power: pmset and ioreg from the device simulator, reading the same state file
// as its eGPU tools, so `status --sim-state` and a companion on that file see one Mac. The simulator
// has no caffeinate: this port never holds the Mac awake.
import path from 'node:path';
import type { Settings } from '../api/settings';
import type { LoggerPort } from '../platform/logger';
import type { PowerPort } from '../ports';
import { SIM_STATE_ENV, simBinDir, simToolPaths } from '../sim/sim-control';
import { createNodePowerPort } from './node-port';

export function simPowerPort(simStateFile: string, monitor: Settings['monitor'], logger: LoggerPort, binDir: string = simBinDir()): Promise<PowerPort> {
  const tools = simToolPaths(binDir);
  return createNodePowerPort({
    paths: { pmset: tools.pmset, ioreg: tools.ioreg, caffeinate: path.join(binDir, 'no-caffeinate') },
    timeoutMs: monitor.probeTimeoutMs,
    maxOutputBytes: monitor.probeOutputCapBytes,
    logger,
    env: { ...process.env, [SIM_STATE_ENV]: simStateFile },
  });
}
