// Names a failed compute check from its output: the last traceback line and the lines around it are
// tried against the catalogue. Colours, CRLF, exception-group frames and line numbers are normalised
// away first. No match is "unknown failure" with the last lines shown — never a guess.
import { factHolds } from './failure-facts';
import type { FailureFacts, KnownFailure } from './known-failures';

export type OutputMatch = { kind: 'known'; failure: KnownFailure; lines: string[] } | { kind: 'unknown'; lines: string[] };

/** How many lines before the last traceback line still belong to the failure (server stderr, a WPR2 notice). */
const LINES_BEFORE = 12;
/** Lines shown for an unknown failure. */
export const SHOWN_LINES = 12;

// CSI and OSC escape sequences. Hand-written because the one pattern is all we need and the usual
// package (ansi-regex) is not a direct dependency.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// Python's exception-group drawing: "  | ", "+-+---- 1 ----", "+------------".
const GROUP_FRAME = /^[\s|]*\+[-+]*(?:\s*\d+\s*-+)?\s*$/;
const GROUP_PREFIX = /^(\s*\|\s?)+/;
/** A line Python prints to end a traceback: `SomeError: …`, `KeyError: 63`, `ExceptionGroup: …`. */
const EXCEPTION_LINE = /^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Group|Exit|Interrupt|Warning)\b(?::|$)/;

/** Plain lines: no colours, no CR, no exception-group drawing, no trailing blanks. */
export function normaliseOutput(text: string): string[] {
  return text
    .replace(ANSI, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => !GROUP_FRAME.test(line))
    .map((line) => line.replace(GROUP_PREFIX, '').trimEnd())
    .filter((line) => line.trim() !== '');
}

/** The last exception line and the lines before it; the output's tail when Python printed none. */
export function failureWindow(lines: readonly string[]): string[] {
  let last = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (EXCEPTION_LINE.test(lines[i]!.trim())) {
      last = i;
      break;
    }
  }
  if (last === -1) return lines.slice(-LINES_BEFORE - 1);
  // Sub-exceptions of a group follow the group's own line, so keep everything after it too.
  return lines.slice(Math.max(0, last - LINES_BEFORE));
}

function compiled(failure: KnownFailure): RegExp[] {
  return (failure.match.output ?? []).map((pattern) => new RegExp(pattern, 'i'));
}

/** Every non-advice entry whose output patterns match somewhere in the window, with the line it matched last. */
function outputHits(catalogue: readonly KnownFailure[], window: readonly string[]): Array<{ failure: KnownFailure; at: number }> {
  const hits: Array<{ failure: KnownFailure; at: number }> = [];
  for (const failure of catalogue) {
    const patterns = compiled(failure);
    if (patterns.length === 0) continue;
    let at = -1;
    window.forEach((line, index) => {
      if (patterns.some((pattern) => pattern.test(line))) at = index;
    });
    if (at >= 0) hits.push({ failure, at });
  }
  return hits;
}

/** Never throws. The entry matched closest to the end wins: that is what Python raised last. */
export function matchOutput(catalogue: readonly KnownFailure[], output: string): OutputMatch {
  try {
    const lines = normaliseOutput(output);
    const window = failureWindow(lines);
    const hits = outputHits(catalogue, window);
    const best = hits.reduce<{ failure: KnownFailure; at: number } | null>((a, b) => (a === null || b.at > a.at ? b : a), null);
    return best ? { kind: 'known', failure: best.failure, lines: window } : { kind: 'unknown', lines: lines.slice(-SHOWN_LINES) };
  } catch {
    // A pathological input must not break the doctor; it is then simply not recognised.
    return { kind: 'unknown', lines: [] };
  }
}

/** Entries whose fact condition holds, in catalogue order (advice included). Never throws. */
export function matchFacts(catalogue: readonly KnownFailure[], facts: FailureFacts): KnownFailure[] {
  try {
    return catalogue.filter((failure) => failure.match.facts !== undefined && factHolds(failure.match.facts, facts));
  } catch {
    // Same rule as above: unknown facts name nothing.
    return [];
  }
}

/** Every entry an example would be named by: output patterns in its window, or fact conditions. For tests and the report. */
export function entriesMatching(catalogue: readonly KnownFailure[], input: { output?: string; facts?: FailureFacts }): string[] {
  const fromOutput = input.output === undefined ? [] : outputHits(catalogue, failureWindow(normaliseOutput(input.output))).map((h) => h.failure.id);
  const fromFacts = input.facts === undefined ? [] : matchFacts(catalogue, input.facts).map((f) => f.id);
  return [...new Set([...fromOutput, ...fromFacts])];
}
