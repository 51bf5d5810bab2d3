// Check 2, the driver: TinyGPU.app and its version, every systemextensionsctl row of the driver (stale
// rows named) and the approval state, chosen the way the popover and the wizard choose it.
import type { DoctorCheck } from '../../api/doctor';
import { parseSystemExtensions, TINYGPU_BUNDLE_ID_PREFIX, type SystemExtensionRow } from '../../probe/parsers';
import { toolProblem, type DoctorProbe } from '../probe-input';

const TITLE = 'TinyGPU driver';
const APPROVE = 'Open System Settings > General > Login Items & Extensions > Driver Extensions and switch TinyGPU on.';

function rowText(row: SystemExtensionRow): string {
  return `${row.bundleId} (${[row.version, row.build].filter(Boolean).join('/')}) [${row.state}]`;
}

export function driverCheck(probe: Pick<DoctorProbe, 'appInstalled' | 'appVersion' | 'systemExtensions'>): DoctorCheck {
  const evidence: string[] = [probe.appInstalled ? `TinyGPU.app installed${probe.appVersion ? `, version ${probe.appVersion}` : ''}` : 'TinyGPU.app not found'];
  const base = { id: 'driver' as const, title: TITLE, evidence };
  const out = probe.systemExtensions;
  if (out === null || out.error !== null || out.exitCode !== 0) {
    const why = toolProblem('systemextensionsctl', out);
    if (!probe.appInstalled) return { ...base, status: 'fail', detail: 'TinyGPU.app is not installed.', next: 'Install TinyGPU with the setup wizard.' };
    return { ...base, status: 'warn', detail: `Could not list the driver extensions: ${why}.`, next: null };
  }
  const parsed = parseSystemExtensions(out.stdout);
  if (!parsed.ok) return { ...base, status: 'warn', detail: `systemextensionsctl printed something unexpected: ${parsed.error.message}`, next: null };
  const rows = parsed.value.rows.filter((row) => row.bundleId.startsWith(TINYGPU_BUNDLE_ID_PREFIX));
  evidence.push(...rows.map(rowText));
  const version = parsed.value.version ?? probe.appVersion;
  const stale = rows.filter((row) => row.driverState === 'waiting-to-uninstall');
  const staleNote = stale.length > 0 ? ` An old copy is listed too: ${stale.map((r) => `[${r.state}]`).join(', ')}.` : '';
  switch (parsed.value.state) {
    case 'ready':
      if (!probe.appInstalled) return { ...base, status: 'warn', detail: `The driver is enabled, but TinyGPU.app is missing from /Applications.${staleNote}`, next: 'Install TinyGPU again with the setup wizard: tinygrad starts its server from the app.' };
      if (stale.length > 0) return { ...base, status: 'warn', detail: `Driver ${version ?? ''} is enabled.${staleNote}`.replace('  ', ' '), next: 'Restart the Mac to finish removing the old copy.' };
      return { ...base, status: 'pass', detail: `Driver${version ? ` ${version}` : ''} is activated and enabled.`, next: null };
    case 'awaiting-approval':
      return { ...base, status: 'fail', detail: `The driver waits for your approval.${staleNote}`, next: APPROVE };
    case 'disabled':
      return { ...base, status: 'fail', detail: 'The driver is switched off in System Settings.', next: APPROVE };
    case 'activating':
    case 'unknown':
      return { ...base, status: 'warn', detail: `The driver is in a passing state ([${rows[0]?.state ?? 'unknown'}]).${staleNote}`, next: 'Wait a minute and check again; restart the Mac if it stays.' };
    case 'waiting-to-uninstall':
      return { ...base, status: 'fail', detail: `Only an old copy of the driver is listed.${staleNote}`, next: 'Restart the Mac, then install TinyGPU again with the setup wizard.' };
    case 'not-installed':
      return { ...base, status: 'fail', detail: probe.appInstalled ? 'TinyGPU.app is there but its driver is not installed.' : 'TinyGPU is not installed.', next: 'Install TinyGPU with the setup wizard.' };
  }
}
