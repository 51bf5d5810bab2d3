// Reads a connection description ("Thunderbolt 4 (PCIe x4 Gen4)", "USB4 40Gb/s, x4 @ 16.0 GT/s")
// into a Link. Unknown wording keeps its label with kind 'unknown' rather than failing.
import type { Link, LinkKind } from '../../api/schemas';
import { parseGTs, parseLaneWidth, pcieGenFromGTs, positiveIntOrNull } from './values';

const KIND_PATTERNS: ReadonlyArray<readonly [RegExp, LinkKind]> = [
  [/\b(?:thunderbolt|tb)\s*5\b/i, 'thunderbolt5'],
  [/\b(?:thunderbolt|tb)\s*4\b/i, 'thunderbolt4'],
  [/\b(?:thunderbolt|tb)\s*3\b/i, 'thunderbolt3'],
  [/\busb\s*4\b/i, 'usb4'],
  [/\busb\s*3(?:\.\d)?\b/i, 'usb3'],
  [/\bpci\s*-?\s*e(?:xpress)?\b/i, 'pcie'],
];

export function linkKindFromText(text: string): LinkKind {
  for (const [pattern, kind] of KIND_PATTERNS) if (pattern.test(text)) return kind;
  return 'unknown';
}

/** PCIe generation from "Gen4", "Gen 4", "PCIe 4.0" or a GT/s rate. */
export function pcieGenFromText(label: string): number | null {
  // "USB 3.2 Gen 2x2" names a USB generation, not a PCIe one.
  const text = label.replace(/\busb\s*3(?:\.\d)?\s*gen\s?\d(?:x\d)?/gi, 'USB 3');
  const gen = /\bgen\s?(\d{1,2})\b/i.exec(text);
  if (gen?.[1]) return positiveIntOrNull(Number(gen[1]));
  const version = /\bpci\s*-?\s*e\s*(\d)\.0\b/i.exec(text);
  if (version?.[1]) return positiveIntOrNull(Number(version[1]));
  return pcieGenFromGTs(parseGTs(text));
}

function linkUpFromText(text: string): boolean | null {
  if (/\b(?:link\s+)?down\b|\bdisconnected\b|\bnot connected\b/i.test(text)) return false;
  if (/\blink\s+up\b|\bconnected\b/i.test(text)) return true;
  return null;
}

export function parseConnection(label: string): Link {
  const text = label.trim();
  return {
    kind: linkKindFromText(text),
    label: text,
    pcieWidth: parseLaneWidth(text),
    pcieGen: pcieGenFromText(text),
    up: linkUpFromText(text),
  };
}

export const UNKNOWN_LINK: Link = { kind: 'unknown', label: '', pcieWidth: null, pcieGen: null, up: null };
