// Where one doctor run finds its tools: on a Mac, the monitor's path settings and the user's
// login-shell environment; in the demo, the simulator's stand-ins (macOS tools, python3, docker).
import path from 'node:path';
import type { Settings } from '../api/settings';
import type { UserEnvironment } from '../platform/user-env';
import { SIM_STATE_ENV, simToolPaths } from '../sim/sim-control';
import { DEFAULT_DOCTOR_TOOLS, type DoctorTools } from './gather';

export interface DoctorDemo {
  simStateFile: string;
  simBinDir: string;
}

export interface DoctorEnvironment {
  settings: Settings;
  env: NodeJS.ProcessEnv;
  tools: DoctorTools;
}

/** The simulator's toolchain folder: a python3 that answers the compute check per scenario, and docker. */
export function simToolchainDir(simBinDir: string): string {
  return path.join(simBinDir, 'toolchain');
}

export async function doctorEnvironment(settings: Settings, userEnv: UserEnvironment, demo: DoctorDemo | null, tools: DoctorTools = DEFAULT_DOCTOR_TOOLS): Promise<DoctorEnvironment> {
  const env = await userEnv.get();
  if (!demo) return { settings, env, tools };
  const toolchain = simToolchainDir(demo.simBinDir);
  return {
    settings: {
      ...settings,
      monitor: { ...settings.monitor, paths: { ...settings.monitor.paths, ...simToolPaths(demo.simBinDir), lsof: path.join(demo.simBinDir, 'lsof'), log: path.join(demo.simBinDir, 'log') } },
      inference: { ...settings.inference, tinygrad: { ...settings.inference.tinygrad, python: 'python3' } },
    },
    env: { ...env, [SIM_STATE_ENV]: demo.simStateFile, PATH: [toolchain, env.PATH ?? ''].filter(Boolean).join(path.delimiter) },
    tools: { swVers: path.join(demo.simBinDir, 'sw_vers'), sysctl: path.join(demo.simBinDir, 'sysctl'), comgrDirs: [path.join(demo.simBinDir, '..', 'comgr')], platform: 'darwin' },
  };
}
