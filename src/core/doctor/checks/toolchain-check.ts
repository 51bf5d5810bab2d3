// Check 6, the toolchain in the user's login-shell environment: python3 with tinygrad; for NVIDIA a
// running Docker daemon (tinygrad compiles NV kernels in a container), the nvcc shim and the TMPDIR
// rule for podman/colima; for AMD the comgr library.
import path from 'node:path';
import type { DoctorCheck } from '../../api/doctor';
import { firstLineOf, type ToolchainFacts } from '../probe-input';

const TITLE = 'Toolchain';
/** python3 -c exits with this when tinygrad is not importable (see gather-toolchain.ts). */
export const TINYGRAD_MISSING_EXIT = 3;

function tinygradVersion(facts: ToolchainFacts): { ok: true; version: string } | { ok: false; why: string; next: string } {
  if (facts.python === null) {
    return { ok: false, why: `${facts.pythonSetting} was not found on your login shell's PATH.`, next: 'Install Python 3, or set inference.tinygrad.python in settings.json.' };
  }
  const run = facts.tinygrad;
  if (run === null || run.error !== null) return { ok: false, why: `${facts.python} did not answer${run?.error ? `: ${run.error}` : ''}.`, next: 'Run the check again; if it stays, check that python3 starts in Terminal.' };
  if (run.exitCode === TINYGRAD_MISSING_EXIT) return { ok: false, why: `tinygrad is not installed for ${facts.python}.`, next: `Install it: ${facts.python} -m pip install tinygrad` };
  if (run.exitCode !== 0) return { ok: false, why: `${facts.python} failed: ${firstLineOf(run.stderr) ?? `exit ${run.exitCode}`}.`, next: 'Check that python3 runs in Terminal.' };
  return { ok: true, version: firstLineOf(run.stdout) ?? 'unknown' };
}

function isUnder(dir: string | null, home: string | null): boolean {
  if (!dir || !home) return false;
  const relative = path.relative(home, dir);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export function toolchainCheck(facts: ToolchainFacts): DoctorCheck {
  const evidence: string[] = [`python3: ${facts.python ?? `${facts.pythonSetting} not found`}`];
  const base = { id: 'toolchain' as const, title: TITLE, evidence };
  const tinygrad = tinygradVersion(facts);
  evidence.push(tinygrad.ok ? `tinygrad ${tinygrad.version}` : 'tinygrad: not usable');
  if (!tinygrad.ok) return { ...base, status: 'fail', detail: tinygrad.why, next: tinygrad.next };
  if (facts.device === 'AMD') {
    evidence.push(`comgr: ${facts.comgr ?? 'not found'}`);
    if (facts.comgr === null) return { ...base, status: 'fail', detail: 'AMD\'s comgr compiler library is not installed.', next: 'Install it with the setup wizard (tinygrad\'s setup_hipcomgr_osx.sh).' };
    return { ...base, status: 'pass', detail: `tinygrad ${tinygrad.version} and the comgr library are ready for AMD.`, next: null };
  }
  if (facts.device === null) return { ...base, status: 'warn', detail: `tinygrad ${tinygrad.version} is installed; the GPU's compiler could not be checked without knowing its vendor.`, next: null };
  return nvidiaToolchain(facts, tinygrad.version, base);
}

function nvidiaToolchain(facts: ToolchainFacts, version: string, base: Pick<DoctorCheck, 'id' | 'title' | 'evidence'>): DoctorCheck {
  const info = facts.dockerInfo;
  base.evidence.push(`docker: ${facts.docker ?? 'not found'}`, `docker daemon: ${info === null ? 'not asked' : info.exitCode === 0 ? `running ${firstLineOf(info.stdout) ?? ''}`.trim() : (firstLineOf(info.stderr) ?? 'not running')}`);
  base.evidence.push(`nvcc shim: ${facts.nvcc ?? 'not on PATH (only the DEV=NV:CC renderer needs it)'}`);
  if (facts.docker === null) {
    return { ...base, status: 'fail', detail: 'Docker is not on your login shell\'s PATH; tinygrad compiles NVIDIA kernels in a Docker container.', next: 'Install and start Docker Desktop.' };
  }
  if (info === null || info.error !== null || info.exitCode !== 0) {
    return { ...base, status: 'fail', detail: 'Docker is installed but its daemon is not running.', next: 'Start Docker Desktop, then check again.' };
  }
  const runtime = `${facts.docker} ${info.stdout}`;
  if (/colima|podman/i.test(runtime) && !isUnder(facts.tmpdir, facts.home)) {
    base.evidence.push(`TMPDIR: ${facts.tmpdir ?? 'unset'}`);
    return { ...base, status: 'warn', detail: 'Your container runtime (podman or colima) does not mount the temp folder, so the nvcc shim cannot read its sources.', next: 'Set TMPDIR to a folder under your home folder in your shell profile (export TMPDIR=$HOME/.tmp).' };
  }
  return { ...base, status: 'pass', detail: `tinygrad ${version} and a running Docker daemon are ready for NVIDIA.`, next: null };
}
