// What the Speed chart plots: saved results (speed tests, benchmarks, metered chats) as points and the
// live generation as a line, on one time axis; and axes that do not exaggerate (both from zero, with a
// minimum span, so 182 → 188 ms is not a cliff). Pure, so it is tested without a canvas.
import type { Measurement } from '../../core/api/inference';
import type { LiveSample } from './live-series';

/** x in seconds; saved tok/s, saved TTFT, live tok/s, live TTFT; null where a series has no value. */
export type SpeedSeries = [number[], Array<number | null>, Array<number | null>, Array<number | null>, Array<number | null>];

export function speedSeries(saved: readonly Measurement[], live: readonly LiveSample[]): SpeedSeries {
  const rows: Array<{ x: number; savedTps: number | null; savedTtft: number | null; liveTps: number | null; liveTtft: number | null }> = [
    ...saved.map((m) => ({ x: m.at / 1000, savedTps: m.tokensPerSecond, savedTtft: m.ttftMs, liveTps: null, liveTtft: null })),
    ...live.map((s) => ({ x: s.at / 1000, savedTps: null, savedTtft: null, liveTps: s.tokensPerSecond, liveTtft: s.ttftMs })),
  ].sort((a, b) => a.x - b.x);
  return [rows.map((r) => r.x), rows.map((r) => r.savedTps), rows.map((r) => r.savedTtft), rows.map((r) => r.liveTps), rows.map((r) => r.liveTtft)];
}

/** From zero to a little above the highest value, never less than `minSpan`. */
export function zeroBasedRange(values: ReadonlyArray<number | null | undefined>, minSpan: number): [number, number] {
  const max = values.reduce<number>((top, v) => (typeof v === 'number' && Number.isFinite(v) && v > top ? v : top), 0);
  return [0, Math.max(minSpan, Math.ceil(max * 1.15))];
}

/** "3:50 pm"-style labels need ~70 px each: at most one label per this many pixels. */
export const TIME_LABEL_SPACING_PX = 90;
