// Value readers shared by the parsers: ids, yes/no tokens, PCIe speeds, plain numbers.

/** "0x10DE", "10de", "NVIDIA (0x10de)" → "0x10de"; null when no hex id is present. */
export function normalizePciId(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const prefixed = /0x([0-9a-f]{1,8})\b/i.exec(text);
  if (prefixed?.[1]) return `0x${prefixed[1].toLowerCase().padStart(4, '0')}`;
  const bare = /^\s*([0-9a-f]{4})\s*$/i.exec(text);
  return bare?.[1] ? `0x${bare[1].toLowerCase()}` : null;
}

/** Tokens such as "Yes", "spdisplays_yes", "sppci_affirmative" → true; "No", "sppci_no" → false. */
export function parseYesNo(text: string | null | undefined): boolean | null {
  if (typeof text !== 'string') return null;
  if (/yes|affirmative|true/i.test(text)) return true;
  if (/(^|[^a-z])(no|negative|false)([^a-z]|$)/i.test(text)) return false;
  return null;
}

const GEN_BY_GTS: ReadonlyArray<readonly [number, number]> = [
  [2.5, 1],
  [5, 2],
  [8, 3],
  [16, 4],
  [32, 5],
  [64, 6],
];

/** PCIe generation for a per-lane transfer rate in GT/s; null when it is not a standard rate. */
export function pcieGenFromGTs(gts: number | null): number | null {
  if (gts === null) return null;
  const match = GEN_BY_GTS.find(([rate]) => Math.abs(rate - gts) < 0.01);
  return match ? match[1] : null;
}

/** "16.0 GT/s" → 16; null when there is no GT/s figure. */
export function parseGTs(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const match = /(\d+(?:\.\d+)?)\s*GT\/?s/i.exec(text);
  return match?.[1] ? Number(match[1]) : null;
}

/** "x4" → 4 (a positive lane count); null otherwise. */
export function parseLaneWidth(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const match = /(?:^|[^a-z0-9])x\s?(\d{1,2})(?![0-9])/i.exec(text);
  return match?.[1] ? positiveIntOrNull(Number(match[1])) : null;
}

export function positiveIntOrNull(value: number): number | null {
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** A finite, non-negative number from text such as " 24564 MiB" or "98 %"; null otherwise. */
export function leadingNumber(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const match = /^\s*(\d+(?:\.\d+)?)/.exec(text);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
