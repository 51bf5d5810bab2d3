// Reads the Mac for the doctor: each command through the process runner (argument array, timeout,
// output cap, own process group), tools from the monitor's path settings, the user's tools from the
// login-shell environment. Returns recorded outputs; the checks judge them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ComputeDevice } from '../api/doctor';
import type { Settings } from '../api/settings';
import { findGpuUsers } from '../probe/gpu-users';
import { IOREG_PCI_ARGS } from '../probe/sources/tinygpu-app';
import { runCommand } from '../platform/run-command';
import { findExecutable, isExecutable } from '../platform/which';
import { TINYGRAD_MISSING_EXIT } from './checks/toolchain-check';
import type { DoctorProbe, MacFacts, ToolchainFacts, ToolOutput } from './probe-input';

/** Where the doctor finds the macOS tools the monitor does not use. */
export interface DoctorTools {
  swVers: string;
  sysctl: string;
  /** Folders searched for AMD's libamd_comgr*.dylib. */
  comgrDirs: string[];
  platform: string;
}

export const DEFAULT_DOCTOR_TOOLS: DoctorTools = {
  swVers: '/usr/bin/sw_vers',
  sysctl: '/usr/sbin/sysctl',
  comgrDirs: ['/opt/homebrew/lib', '/usr/local/lib'],
  platform: process.platform,
};

const TIMEOUT_MS = 15_000;
const SMALL = 256 * 1024;
const LARGE = 8 * 1024 * 1024;

async function run(argv: string[], env: NodeJS.ProcessEnv, maxOutputBytes = SMALL): Promise<ToolOutput | null> {
  const [file] = argv;
  if (!file || !(await isExecutable(file))) return null;
  const result = await runCommand({ argv, env, timeoutMs: TIMEOUT_MS, maxOutputBytes, label: argv.slice(0, 2).map((a) => path.basename(a)).join(' ') });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, error: result.error?.message ?? null };
}

export async function gatherMac(tools: DoctorTools, env: NodeJS.ProcessEnv): Promise<MacFacts> {
  const [arm64, productVersion, chip, model] = await Promise.all([
    run([tools.sysctl, '-n', 'hw.optional.arm64'], env),
    run([tools.swVers, '-productVersion'], env),
    run([tools.sysctl, '-n', 'machdep.cpu.brand_string'], env),
    run([tools.sysctl, '-n', 'hw.model'], env),
  ]);
  return { platform: tools.platform, arm64, productVersion, chip, model };
}

/** CFBundleShortVersionString from TinyGPU.app's Info.plist (XML), or null. */
export async function readAppVersion(appBinary: string): Promise<string | null> {
  const plist = path.join(path.dirname(path.dirname(appBinary)), 'Info.plist');
  try {
    const text = await fs.readFile(plist, 'utf8');
    return /<key>CFBundleShortVersionString<\/key>\s*<string>([^<]{1,40})<\/string>/.exec(text)?.[1] ?? null;
  } catch {
    // No plist (a binary not in a bundle, or the simulator): the version comes from systemextensionsctl.
    return null;
  }
}

export type SystemFacts = Omit<DoctorProbe, 'mac' | 'toolchain'>;

export async function gatherSystem(monitor: Settings['monitor'], env: NodeJS.ProcessEnv, now: () => number): Promise<SystemFacts> {
  const paths = monitor.paths;
  const [appInstalled, appVersion, systemExtensions, pci, thunderbolt, ioreg, processes, users] = await Promise.all([
    isExecutable(paths.tinygpuApp),
    readAppVersion(paths.tinygpuApp),
    run([paths.systemextensionsctl, 'list'], env),
    run([paths.systemProfiler, 'SPPCIDataType', '-json'], env, LARGE),
    run([paths.systemProfiler, 'SPThunderboltDataType', '-json'], env, LARGE),
    run([paths.ioreg, ...IOREG_PCI_ARGS], env, LARGE),
    run([paths.ps, '-axo', 'pid=,command='], env, LARGE),
    findGpuUsers({ monitor, env, now }, []),
  ]);
  return { appInstalled, appVersion, systemExtensions, pci, thunderbolt, ioreg, processes, lockHolders: users.holders };
}

const TINYGRAD_VERSION_SCRIPT = [
  'import importlib.util, sys',
  `if importlib.util.find_spec('tinygrad') is None: sys.exit(${TINYGRAD_MISSING_EXIT})`,
  'try:',
  '  import importlib.metadata as m; print(m.version("tinygrad"))',
  'except Exception:',
  '  print("unknown version (not installed with pip)")',
].join('\n');

async function findComgr(dirs: readonly string[]): Promise<string | null> {
  for (const dir of dirs) {
    try {
      const hit = (await fs.readdir(dir)).find((name) => /^libamd_comgr.*\.dylib$/.test(name));
      if (hit) return path.join(dir, hit);
    } catch {
      // A folder that does not exist simply holds no library.
    }
  }
  return null;
}

export async function gatherToolchain(options: { pythonSetting: string; device: ComputeDevice | null; env: NodeJS.ProcessEnv; tools: DoctorTools }): Promise<ToolchainFacts> {
  const { env, device } = options;
  const searchPath = env.PATH ?? '';
  const [python, docker, nvcc, comgr] = await Promise.all([
    findExecutable(options.pythonSetting, searchPath),
    device === 'NV' ? findExecutable('docker', searchPath) : Promise.resolve(null),
    device === 'NV' ? findExecutable('nvcc', searchPath) : Promise.resolve(null),
    device === 'AMD' ? findComgr(options.tools.comgrDirs) : Promise.resolve(null),
  ]);
  const [tinygrad, dockerInfo] = await Promise.all([
    python === null ? Promise.resolve(null) : run([python, '-c', TINYGRAD_VERSION_SCRIPT], env),
    docker === null ? Promise.resolve(null) : run([docker, 'info', '--format', '{{.ServerVersion}} {{.OperatingSystem}}'], env),
  ]);
  return { device, python, pythonSetting: options.pythonSetting, tinygrad, docker, dockerInfo, nvcc, comgr, tmpdir: env.TMPDIR ?? null, home: env.HOME ?? null };
}
