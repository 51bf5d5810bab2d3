// Check 1, the Mac: Apple Silicon (Intel Macs are reported to panic), macOS 13 or later, model and chip.
import type { DoctorCheck } from '../../api/doctor';
import { firstLineOf, okStdout, type MacFacts } from '../probe-input';

const TITLE = 'This Mac';
/** TinyGPU.app's minimum system version (its bundle says 13.0). */
const MIN_MACOS_MAJOR = 13;

export function macCheck(mac: MacFacts): DoctorCheck {
  const version = firstLineOf(okStdout(mac.productVersion));
  const chip = firstLineOf(okStdout(mac.chip));
  const model = firstLineOf(okStdout(mac.model));
  const arm64 = firstLineOf(okStdout(mac.arm64));
  const evidence = [
    `macOS ${version ?? 'unknown'}`,
    `chip ${chip ?? 'unknown'}`,
    `model ${model ?? 'unknown'}`,
    `hw.optional.arm64 ${arm64 ?? 'unknown'}`,
  ];
  const base = { id: 'mac' as const, title: TITLE, evidence };
  if (mac.platform !== 'darwin' && version === null) {
    return { ...base, status: 'skip', detail: `Not a Mac (${mac.platform}): the eGPU checks need macOS.`, next: null };
  }
  const described = [chip, model, version ? `macOS ${version}` : null].filter(Boolean).join(' · ');
  const intel = arm64 === '0' || (chip !== null && /intel/i.test(chip));
  if (intel) {
    return {
      ...base,
      status: 'fail',
      detail: `An Intel Mac (${described}): starting a card through TinyGPU caused kernel panics in every report.`,
      next: 'Stop here: do not run tinygrad on the eGPU with this Mac.',
    };
  }
  const major = version === null ? null : Number.parseInt(version.split('.')[0] ?? '', 10);
  if (major !== null && Number.isFinite(major) && major < MIN_MACOS_MAJOR) {
    return { ...base, status: 'fail', detail: `macOS ${version} is older than TinyGPU needs (13 or later).`, next: 'Update macOS to version 13 or later.' };
  }
  if (arm64 === null || version === null) {
    return { ...base, status: 'warn', detail: `Could not read everything about this Mac (${described || 'nothing read'}).`, next: null };
  }
  return { ...base, status: 'pass', detail: `Apple Silicon, ${described}.`, next: null };
}
