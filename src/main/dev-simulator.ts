// Developer flag: EGPU_COMPANION_SIMULATOR=<state file> makes an unpackaged app (`npm start`, the
// boot test) probe the device simulator in resources/sim instead of the Mac, like `serve --demo`.
// A packaged app ignores it: users always see their real hardware.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SIM_STATE, simBinDir, writeSimState } from '../core/sim/sim-control';

export const SIMULATOR_ENV = 'EGPU_COMPANION_SIMULATOR';

export interface SimulatorOptions {
  simStateFile: string;
  simBinDir: string;
}

/** The simulator to use, or null for the real machine. Pure: decides from its inputs only. */
export function developerSimulator(isPackaged: boolean, env: NodeJS.ProcessEnv, binDir: () => string = simBinDir): SimulatorOptions | null {
  const file = env[SIMULATOR_ENV];
  if (isPackaged || !file || !path.isAbsolute(file)) return null;
  return { simStateFile: file, simBinDir: binDir() };
}

/** Starts the simulator in its default scenario when the state file does not exist yet. */
export async function prepareSimulator(options: SimulatorOptions | null): Promise<SimulatorOptions | null> {
  if (options && !existsSync(options.simStateFile)) await writeSimState(options.simStateFile, DEFAULT_SIM_STATE);
  return options;
}
