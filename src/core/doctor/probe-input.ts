// What the doctor read from the Mac, as recorded outputs. Every check is a pure function of this,
// so each is tested on recorded-format fixtures without a Mac.
import type { ComputeDevice } from '../api/doctor';
import type { LockHolder } from '../probe/parsers';

/** One command's output; null in a probe field means the tool was not there to run. */
export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** One line when the command could not run to the end (timeout, spawn error). */
  error: string | null;
}

export interface MacFacts {
  platform: string;
  /** `sysctl -n hw.optional.arm64`: "1" on Apple Silicon (also under Rosetta). */
  arm64: ToolOutput | null;
  /** `sw_vers -productVersion`. */
  productVersion: ToolOutput | null;
  /** `sysctl -n machdep.cpu.brand_string` ("Apple M4"). */
  chip: ToolOutput | null;
  /** `sysctl -n hw.model` ("Mac16,10"). */
  model: ToolOutput | null;
}

export interface ToolchainFacts {
  /** The vendor the toolchain is checked for: the card's, or the one asked for. */
  device: ComputeDevice | null;
  /** python3 as found (settings, then the login-shell PATH), or null. */
  python: string | null;
  /** The configured name, for messages. */
  pythonSetting: string;
  /** `python3 -c "…version('tinygrad')"`; null when python3 is missing. */
  tinygrad: ToolOutput | null;
  /** `docker` on the login-shell PATH, or null. */
  docker: string | null;
  /** `docker info --format …`; null when docker is missing or not asked (AMD). */
  dockerInfo: ToolOutput | null;
  nvcc: string | null;
  /** libamd_comgr*.dylib found, or null. */
  comgr: string | null;
  tmpdir: string | null;
  home: string | null;
}

export interface DoctorProbe {
  mac: MacFacts;
  /** TinyGPU.app's binary exists. */
  appInstalled: boolean;
  /** CFBundleShortVersionString of TinyGPU.app, when its Info.plist could be read. */
  appVersion: string | null;
  systemExtensions: ToolOutput | null;
  /** `system_profiler SPPCIDataType -json`. */
  pci: ToolOutput | null;
  /** `system_profiler SPThunderboltDataType -json`: names the enclosure where it can. */
  thunderbolt: ToolOutput | null;
  /** `ioreg -r -c IOPCIDevice -l -w 0`. */
  ioreg: ToolOutput | null;
  /** `ps -axo pid=,command=`. */
  processes: ToolOutput | null;
  /** Holders of tinygrad's lock file; null = could not tell. */
  lockHolders: LockHolder[] | null;
  toolchain: ToolchainFacts;
}

/** stdout when the command ran to the end with exit 0, else null. */
export function okStdout(output: ToolOutput | null): string | null {
  return output && output.error === null && output.exitCode === 0 ? output.stdout : null;
}

/** One line from a command's output, for evidence. */
export function firstLineOf(text: string | null | undefined): string | null {
  const line = (text ?? '').split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  return line === undefined ? null : line.slice(0, 300);
}

/** Why a tool's output cannot be used, for a check's detail. */
export function toolProblem(label: string, output: ToolOutput | null): string {
  if (output === null) return `${label} is not available on this Mac`;
  if (output.error) return output.error;
  return `${label} exited with ${output.exitCode ?? 'a signal'}${firstLineOf(output.stderr) ? `: ${firstLineOf(output.stderr)}` : ''}`;
}
