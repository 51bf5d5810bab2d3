// CPU seconds a process has used, from /proc/<pid>/stat (Linux): the at-rest checks and the benchmarks read it the same way.
import { readFileSync } from 'node:fs';

/** Clock ticks per second: 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

/** The process alone ('own'), or with the children it has reaped ('with-children'). */
export function cpuSeconds(pid: number | 'self', which: 'own' | 'with-children' = 'own'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, so utime..cstime (fields 14..17) are at 11..14 here.
  const indexes = which === 'own' ? [11, 12] : [11, 12, 13, 14];
  return indexes.reduce((sum, index) => sum + Number(fields[index] ?? 0), 0) / TICKS_PER_SECOND;
}
