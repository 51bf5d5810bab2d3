// `ps -axo pid=,command=`: is a `TinyGPU server <socket>` process alive, and on which socket?
// (Never connect to that socket: the server accepts one client, and that is tinygrad.)
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';

export interface TinygpuServerProcesses {
  running: boolean;
  /** Socket paths in the order seen, without duplicates. */
  socketPaths: string[];
}

const PS_LINE = /^\s*(\d+)\s+(\S.*?)\s*$/;
/** The executable must be TinyGPU itself (any path), so e.g. `grep TinyGPU server` does not count. */
const SERVER_COMMAND = /^(?:\S*\/)?TinyGPU\s+server(?:\s+(.+))?$/;

function parseTinygpuServerProcessesUnsafe(stdout: string): ParseResult<TinygpuServerProcesses> {
  const warnings: string[] = [];
  const socketPaths: string[] = [];
  let running = false;
  let psLines = 0;

  splitLines(stdout).forEach((line, i) => {
    if (line.trim() === '') return;
    const ps = PS_LINE.exec(line);
    if (!ps) {
      warnings.push(`Line ${i + 1} ignored: not "<pid> <command>".`);
      return;
    }
    psLines += 1;
    const server = SERVER_COMMAND.exec(ps[2] ?? '');
    if (!server) return;
    running = true;
    const path = server[1]?.trim();
    if (path && !socketPaths.includes(path)) socketPaths.push(path);
  });

  if (psLines === 0 && stdout.trim() !== '') {
    return parseError(`ps printed no process list; it printed ${firstLineSnippet(stdout)}.`, 1);
  }
  return parsed({ running, socketPaths }, warnings);
}

export const parseTinygpuServerProcesses = neverThrow('ps', parseTinygpuServerProcessesUnsafe);
