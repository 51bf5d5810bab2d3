// Check 5, leftovers: driver processes (one per re-enumeration is left behind), TinyGPU server
// processes and the holder of tinygrad's lock file. The app never stops what it did not start.
import type { DoctorCheck } from '../../api/doctor';
import type { LockHolder } from '../../probe/parsers';
import { okStdout, toolProblem, type ToolOutput } from '../probe-input';

const TITLE = 'Leftover processes';
export const DEXT_PROCESS = 'org.tinygrad.tinygpu.driver2';
/** `…/TinyGPU.app/Contents/MacOS/TinyGPU server <socket>`, as tinygrad starts it. */
const SERVER_PROCESS = /^\s*\d+\s+\S*TinyGPU server\s/;

/** Lines of `ps -axo pid=,command=` that run the driver extension. */
export function driverProcessCount(psOutput: string): number {
  return psOutput.split(/\r?\n/).filter((line) => line.includes(`${DEXT_PROCESS}.dext/`) || /\/org\.tinygrad\.tinygpu\.driver2\s/.test(line)).length;
}

export function leftoversCheck(processes: ToolOutput | null, lockHolders: LockHolder[] | null): DoctorCheck {
  const ps = okStdout(processes);
  const base = { id: 'leftovers' as const, title: TITLE };
  if (ps === null) return { ...base, evidence: [], status: 'warn', detail: `Could not list processes: ${toolProblem('ps', processes)}.`, next: null };
  const drivers = driverProcessCount(ps);
  const serverCount = ps.split(/\r?\n/).filter((line) => SERVER_PROCESS.test(line)).length;
  const holders = lockHolders ?? [];
  const evidence = [
    `${drivers} driver process${drivers === 1 ? '' : 'es'} (${DEXT_PROCESS})`,
    `${serverCount} TinyGPU server process${serverCount === 1 ? '' : 'es'}`,
    lockHolders === null ? 'lock holder: could not tell' : holders.length === 0 ? 'lock file: not held' : `lock file held by ${holders.map((h) => `${h.command} (pid ${h.pid})`).join(', ')}`,
  ];
  if (drivers > 1) {
    return { ...base, evidence, status: 'warn', detail: `${drivers} driver processes run; one is normal. Each re-enumeration of the card leaves one behind.`, next: 'Restart the Mac to clear them.' };
  }
  if (holders.length > 0) {
    const holder = holders[0]!;
    return { ...base, evidence, status: 'warn', detail: `${holder.command} (pid ${holder.pid}) holds the eGPU, so nothing else can open it.`, next: `Quit ${holder.command} before running the compute check.` };
  }
  return { ...base, evidence, status: 'pass', detail: drivers === 1 ? 'One driver process, nothing holds the card.' : 'No leftover driver processes, nothing holds the card.', next: null };
}
