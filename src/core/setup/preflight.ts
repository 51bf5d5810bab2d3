// Preflight rules: pure judgements over HostFacts. ok=null means "cannot tell here" (e.g. web-mode
// demo on Linux) and never blocks; a blocking check with ok=false stops the wizard.
import type { PreflightCheck } from '../api/setup';
import type { HostFacts } from '../platform/host-facts';
import type { StepRequirements } from './recipe-schema';

export { gatherHostFacts, type HostFacts } from '../platform/host-facts';

export type GpuVendorChoice = 'nvidia' | 'amd';

export const MIN_MACOS = '13.0';
export const MIN_FREE_DISK_GB = 25;
const GB = 1024 ** 3;

export function evaluatePreflight(facts: HostFacts): PreflightCheck[] {
  return [appleSiliconCheck(facts), macosCheck(facts), thunderboltCheck(facts), freeDiskCheck(facts), homebrewCheck(facts)];
}

function isMac(facts: HostFacts): boolean {
  return facts.platform === 'darwin';
}

const NOT_A_MAC = 'Not a Mac (demo): this is checked on macOS.';

function appleSiliconCheck(facts: HostFacts): PreflightCheck {
  const base = { id: 'apple-silicon', label: 'Apple Silicon Mac', blocking: true };
  if (!isMac(facts)) return { ...base, ok: null, detail: NOT_A_MAC };
  if (facts.appleSilicon === true) return { ...base, ok: true, detail: 'Apple Silicon (arm64).' };
  if (facts.appleSilicon === false) {
    return {
      ...base,
      ok: false,
      detail:
        'This is an Intel Mac. The TinyGPU driver is reported to kernel-panic Intel Macs when it starts the GPU, so setup will not run here.',
    };
  }
  return { ...base, ok: null, detail: 'Could not read the processor type.' };
}

function macosCheck(facts: HostFacts): PreflightCheck {
  const base = { id: 'macos-version', label: `macOS ${majorOf(MIN_MACOS)} or later`, blocking: true };
  if (!isMac(facts)) return { ...base, ok: null, detail: NOT_A_MAC };
  if (facts.macosVersion === null) return { ...base, ok: null, detail: 'Could not read the macOS version.' };
  if (compareVersions(facts.macosVersion, MIN_MACOS) >= 0) return { ...base, ok: true, detail: `macOS ${facts.macosVersion}.` };
  return {
    ...base,
    ok: false,
    detail: `macOS ${facts.macosVersion} is too old: TinyGPU.app needs macOS ${MIN_MACOS} or later. Update macOS in System Settings > General > Software Update.`,
  };
}

function thunderboltCheck(facts: HostFacts): PreflightCheck {
  // Not blocking: the port count comes from system_profiler JSON whose shape is not guaranteed.
  const base = { id: 'thunderbolt', label: 'Thunderbolt or USB4 port', blocking: false };
  if (!isMac(facts)) return { ...base, ok: null, detail: NOT_A_MAC };
  if (facts.thunderboltPorts === null) return { ...base, ok: null, detail: 'Could not read the Thunderbolt/USB4 ports.' };
  if (facts.thunderboltPorts > 0) {
    const ports = facts.thunderboltPorts === 1 ? '1 port' : `${facts.thunderboltPorts} ports`;
    return { ...base, ok: true, detail: `${ports} found. Use a Thunderbolt 4/5 or USB4 cable and port for the enclosure.` };
  }
  return { ...base, ok: false, detail: 'No Thunderbolt/USB4 port found. The eGPU enclosure needs one.' };
}

function freeDiskCheck(facts: HostFacts): PreflightCheck {
  const base = { id: 'free-disk', label: `${MIN_FREE_DISK_GB} GB free disk space`, blocking: false };
  if (facts.freeDiskBytes === null) return { ...base, ok: null, detail: 'Could not read the free disk space.' };
  const freeGB = facts.freeDiskBytes / GB;
  const shown = `${freeGB.toFixed(freeGB < 10 ? 1 : 0)} GB free`;
  if (freeGB >= MIN_FREE_DISK_GB) return { ...base, ok: true, detail: `${shown}.` };
  return {
    ...base,
    ok: false,
    detail: `${shown}. Setup needs about ${MIN_FREE_DISK_GB} GB (compiler image, driver build, a first model).`,
  };
}

function homebrewCheck(facts: HostFacts): PreflightCheck {
  const base = { id: 'homebrew', label: 'Homebrew', blocking: false };
  if (!isMac(facts)) return { ...base, ok: null, detail: NOT_A_MAC };
  if (facts.homebrewPath) return { ...base, ok: true, detail: `Found at ${facts.homebrewPath}.` };
  return { ...base, ok: false, detail: 'Not installed yet. A setup step installs it.' };
}

export interface RecipeSuggestion {
  recipeId: string | null;
  reason: string;
}

/** Picks the recipe for the driver as it ships, by GPU vendor. */
export function suggestRecipe(facts: HostFacts, detectedGpuVendor: GpuVendorChoice | null): RecipeSuggestion {
  if (isMac(facts) && facts.appleSilicon === false) {
    return { recipeId: null, reason: 'Intel Macs are not supported by the TinyGPU driver.' };
  }
  if (detectedGpuVendor === 'amd') return { recipeId: 'tinygrad-amd', reason: 'AMD GPU detected.' };
  if (detectedGpuVendor === 'nvidia') return { recipeId: 'tinygrad-nvidia', reason: 'NVIDIA GPU detected.' };
  return {
    recipeId: 'tinygrad-nvidia',
    reason: 'No GPU detected yet, so NVIDIA is assumed. Pick the AMD recipe for a Radeon card.',
  };
}

/** The requirements of a step this machine does not meet; unknown facts are not counted as unmet. */
export function unmetRequirements(
  requires: StepRequirements | undefined,
  facts: HostFacts,
  gpuVendor: GpuVendorChoice | null,
): string[] {
  if (!requires) return [];
  const unmet: string[] = [];
  if (requires.appleSilicon && isMac(facts) && facts.appleSilicon === false) unmet.push('needs an Apple Silicon Mac');
  if (requires.minMacos && facts.macosVersion !== null && compareVersions(facts.macosVersion, requires.minMacos) < 0) {
    unmet.push(`needs macOS ${requires.minMacos} or later (this Mac has ${facts.macosVersion})`);
  }
  if (requires.freeDiskGB !== undefined && facts.freeDiskBytes !== null && facts.freeDiskBytes / GB < requires.freeDiskGB) {
    unmet.push(`needs ${requires.freeDiskGB} GB free disk space (${(facts.freeDiskBytes / GB).toFixed(1)} GB free)`);
  }
  if (requires.ramGB !== undefined && facts.ramBytes / GB < requires.ramGB * 0.95) {
    unmet.push(`needs ${requires.ramGB} GB of memory (this Mac has ${Math.round(facts.ramBytes / GB)} GB)`);
  }
  if (requires.gpuVendor && gpuVendor !== null && gpuVendor !== requires.gpuVendor) {
    unmet.push(`needs ${vendorName(requires.gpuVendor)} GPU (found ${vendorName(gpuVendor)})`);
  }
  return unmet;
}

export function vendorName(vendor: GpuVendorChoice): string {
  return vendor === 'nvidia' ? 'an NVIDIA' : 'an AMD';
}

/** Numeric dotted-version comparison: "13.6.1" vs "13" → 1. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff > 0 ? 1 : -1;
  }
  return 0;
}

function majorOf(version: string): string {
  return version.split('.')[0] ?? version;
}
