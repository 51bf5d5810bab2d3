// `ioreg -n tinygpu`: the TinyGPU dext renames its service "tinygpu" once it has bound a GPU,
// so a registry node of that name proves the driver is attached.
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';

const TINYGPU_NODE = /\+-o\s+tinygpu(?:@[\w,]*)?\s+<class\b/;
const IOREG_LINE = /^[\s|]*(?:\+-o\s|\{|\}|"[^"]*"\s*=)/;

function parseIoregTinygpuUnsafe(stdout: string): ParseResult<{ bound: boolean }> {
  const lines = splitLines(stdout).filter((line) => line.trim() !== '' && line.trim() !== '|');
  // ioreg prints nothing when no object matches.
  if (lines.length === 0) return parsed({ bound: false });
  if (lines.some((line) => TINYGPU_NODE.test(line))) return parsed({ bound: true });
  if (!lines.some((line) => IOREG_LINE.test(line))) {
    return parseError(`ioreg printed no registry tree; it printed ${firstLineSnippet(stdout)}.`, 1);
  }
  return parsed({ bound: false });
}

export const parseIoregTinygpu = neverThrow('ioreg -n tinygpu', parseIoregTinygpuUnsafe);
