// `lsof -F pc <files>`: which processes hold tinygrad's GPU lock files. Field output: a `p<pid>`
// line starts each process, `c<command>` names it (lsof(8) "OUTPUT FOR OTHER PROGRAMS").
import type { ParseResult } from '../types';
import { neverThrow, parsed, splitLines } from './result';

export interface LockHolder {
  pid: number;
  command: string;
}

function parseLsofFieldsUnsafe(stdout: string): ParseResult<LockHolder[]> {
  const holders: LockHolder[] = [];
  const warnings: string[] = [];
  let current: LockHolder | null = null;
  splitLines(stdout).forEach((line, index) => {
    if (line === '') return;
    const field = line.charAt(0);
    const value = line.slice(1);
    if (field === 'p') {
      const pid = /^\d+$/.test(value) ? Number(value) : 0;
      if (pid <= 0) {
        warnings.push(`Line ${index + 1} ignored: not a process id.`);
        current = null;
        return;
      }
      current = { pid, command: '' };
      holders.push(current);
    } else if (field === 'c' && current) {
      current.command = value;
    }
  });
  return parsed(
    holders.filter((holder, i) => holders.findIndex((other) => other.pid === holder.pid) === i).map((h) => ({ ...h, command: h.command || 'unknown' })),
    warnings,
  );
}

export const parseLsofFields = neverThrow('lsof', parseLsofFieldsUnsafe);
