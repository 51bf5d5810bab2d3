// `systemextensionsctl list`: which driver extensions macOS knows and in what state.
// Tab-separated, but pasted copies often have spaces, so rows are read by their shape.
import type { DriverState } from '../../api/schemas';
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';

export const TINYGPU_BUNDLE_ID_PREFIX = 'org.tinygrad.tinygpu';

export interface SystemExtensionRow {
  /** Section token, e.g. "com.apple.system_extension.driver_extension"; null before any section line. */
  category: string | null;
  /** null when the row does not show its flag columns unambiguously. */
  enabled: boolean | null;
  active: boolean | null;
  teamId: string | null;
  bundleId: string;
  /** "1.0.0" from "(1.0.0/3)". */
  version: string | null;
  /** "3" from "(1.0.0/3)". */
  build: string | null;
  name: string | null;
  /** Text inside the brackets, e.g. "activated enabled". */
  state: string;
  /** What that bracket means for a driver. */
  driverState: DriverState;
}

export interface SystemExtensionsStatus {
  /** State of the extension with the given bundle id prefix; 'not-installed' when it has no row. */
  state: DriverState;
  version: string | null;
  /** Every extension row, for diagnostics. */
  rows: SystemExtensionRow[];
}

const COUNT_LINE = /^\s*\d+\s+extension\(s\)\s*$/i;
const SECTION_LINE = /^\s*---\s*(\S*)/;
const HEADER_LINE = /\benabled\s+active\s+teamID\b/i;
const STATE_BRACKET = /\[([^[\]]*)\]\s*$/;
const BUNDLE_AND_VERSION = /([A-Za-z0-9][\w-]*(?:\.[\w-]+)+)\s*\(([^()]*)\)/;
const TEAM_ID = /^[A-Z0-9]{10}$/;

/** Best first: when rows of the same bundle id disagree, the most usable one describes the driver. */
const PREFERENCE: readonly DriverState[] = ['ready', 'awaiting-approval', 'disabled', 'activating', 'waiting-to-uninstall'];

export function driverStateFromBracket(state: string): DriverState {
  const text = state.trim().replace(/\s+/g, ' ').toLowerCase();
  if (text === 'activated enabled') return 'ready';
  if (text === 'activated waiting for user') return 'awaiting-approval';
  if (text.includes('terminated waiting to uninstall')) return 'waiting-to-uninstall';
  // Seen in a published log: the user switched the driver off. TinyGPU's own `status` calls this "activating".
  if (text === 'activated disabled') return 'disabled';
  // [staged] and others are reported but unverified: treat them as transitional.
  return 'activating';
}

function parseSystemExtensionsUnsafe(
  stdout: string,
  bundleIdPrefix: string = TINYGPU_BUNDLE_ID_PREFIX,
): ParseResult<SystemExtensionsStatus> {
  const warnings: string[] = [];
  const rows: SystemExtensionRow[] = [];
  let category: string | null = null;
  let recognised = 0;

  splitLines(stdout).forEach((line, i) => {
    if (line.trim() === '') return;
    if (COUNT_LINE.test(line) || HEADER_LINE.test(line)) {
      recognised += 1;
      return;
    }
    const section = SECTION_LINE.exec(line);
    if (section) {
      recognised += 1;
      category = section[1] || null;
      return;
    }
    const row = parseRow(line, category);
    if (row) {
      recognised += 1;
      rows.push(row);
    } else {
      warnings.push(`Line ${i + 1} ignored: not an extension row.`);
    }
  });

  if (recognised === 0) {
    if (stdout.trim() === '') return parseError('systemextensionsctl list printed nothing.');
    return parseError(`systemextensionsctl list printed no extension list; it printed ${firstLineSnippet(stdout)}.`, 1);
  }

  const ours = rows.filter((row) => row.bundleId.startsWith(bundleIdPrefix));
  const best = ours
    .slice()
    .sort((a, b) => PREFERENCE.indexOf(a.driverState) - PREFERENCE.indexOf(b.driverState))[0];
  if (ours.some((row) => row.driverState === 'waiting-to-uninstall') && best && best.driverState !== 'waiting-to-uninstall') {
    warnings.push(`A stale ${best.bundleId} row waits to uninstall on reboot; the active row is used.`);
  }
  return parsed({ state: best?.driverState ?? 'not-installed', version: best?.version ?? null, rows }, warnings);
}

function parseRow(line: string, category: string | null): SystemExtensionRow | null {
  const bracket = STATE_BRACKET.exec(line);
  if (!bracket) return null;
  const beforeState = line.slice(0, bracket.index);
  const idAndVersion = BUNDLE_AND_VERSION.exec(beforeState);
  if (!idAndVersion?.[1]) return null;

  const [version, build] = splitVersion(idAndVersion[2] ?? '');
  const flags = readFlags(beforeState.slice(0, idAndVersion.index));
  const name = beforeState.slice(idAndVersion.index + idAndVersion[0].length).trim();
  const state = (bracket[1] ?? '').trim();
  return {
    category,
    ...flags,
    bundleId: idAndVersion[1],
    version,
    build,
    name: name === '' ? null : name,
    state,
    driverState: driverStateFromBracket(state),
  };
}

function splitVersion(text: string): [string | null, string | null] {
  const [version = '', build = ''] = text.split('/').map((part) => part.trim());
  return [version === '' ? null : version, build === '' ? null : build];
}

/** The columns before the bundle id: "*\t*\tTEAMID\t" (tabs), or the same with spaces (ambiguous flags). */
function readFlags(prefix: string): Pick<SystemExtensionRow, 'enabled' | 'active' | 'teamId'> {
  if (prefix.includes('\t')) {
    const [enabled = '', active = '', teamId = ''] = prefix.split('\t').map((col) => col.trim());
    return { enabled: enabled === '*', active: active === '*', teamId: teamId === '' ? null : teamId };
  }
  const tokens = prefix.trim().split(/\s+/).filter((token) => token !== '');
  const last = tokens[tokens.length - 1];
  const teamId = last !== undefined && TEAM_ID.test(last) ? last : null;
  const stars = tokens.filter((token) => token === '*').length;
  // With spaces, one star could be either column; only "both" or "neither" are certain.
  if (teamId !== null && stars === 2) return { enabled: true, active: true, teamId };
  if (teamId !== null && stars === 0 && tokens.length === 1) return { enabled: false, active: false, teamId };
  return { enabled: null, active: null, teamId };
}

export const parseSystemExtensions = neverThrow('systemextensionsctl list', parseSystemExtensionsUnsafe);
