// `TinyGPU status` (the shipping driver app). It always exits 0, so the text is the only signal.
import type { DriverState } from '../../api/schemas';
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';

export interface TinygpuAppStatus {
  state: DriverState;
  /** The app's own words, blank lines removed (includes its approval instructions). */
  message: string;
}

const STATE_PATTERNS: ReadonlyArray<readonly [RegExp, DriverState]> = [
  [/\bnot installed\b/i, 'not-installed'],
  [/\bawaiting approval\b|\bapproval required\b|\bwaiting for user\b/i, 'awaiting-approval'],
  [/\bis activating\b|\bactivating\.\.\./i, 'activating'],
  [/\bwaiting to uninstall\b/i, 'waiting-to-uninstall'],
  [/\bextension is ready\b|\bis ready!/i, 'ready'],
];

function parseTinygpuAppStatusUnsafe(stdout: string): ParseResult<TinygpuAppStatus> {
  const lines = splitLines(stdout)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return parseError('TinyGPU status printed nothing.');

  // The first line that names a state decides; later lines are instructions.
  for (const line of lines) {
    const match = STATE_PATTERNS.find(([pattern]) => pattern.test(line));
    if (match) return parsed({ state: match[1], message: lines.join('\n') });
  }
  return parseError(`TinyGPU status printed an unrecognised state: ${firstLineSnippet(stdout)}.`, 1);
}

export const parseTinygpuAppStatus = neverThrow('TinyGPU status', parseTinygpuAppStatusUnsafe);
