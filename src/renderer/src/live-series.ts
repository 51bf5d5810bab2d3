// Pure helpers for the live tok/s readings: a bounded series and the popover's sparkline path.
import type { InferenceLive } from '../../core/api/inference';

export interface LiveSample {
  /** ms since epoch, when the reading arrived. */
  at: number;
  tokensPerSecond: number | null;
  ttftMs: number | null;
}

export interface LiveState {
  reading: InferenceLive | null;
  /** Last readings of the running (or last) generation, oldest first. */
  samples: LiveSample[];
  /** Every reading since the view opened, for the speed chart. */
  history: LiveSample[];
}

export const SPARKLINE_POINTS = 60;
const HISTORY_POINTS = 3000;

export const EMPTY_LIVE: LiveState = { reading: null, samples: [], history: [] };

export function addReading(state: LiveState, reading: InferenceLive, at: number): LiveState {
  const sample: LiveSample = { at, tokensPerSecond: reading.currentTokensPerSecond ?? reading.medianTokensPerSecond, ttftMs: reading.ttftMs };
  const newGeneration = state.reading !== null && !state.reading.running && reading.running;
  const samples = reading.running ? [...(newGeneration ? [] : state.samples), sample].slice(-SPARKLINE_POINTS) : state.samples;
  const history = reading.running ? [...state.history, sample].slice(-HISTORY_POINTS) : state.history;
  return { reading, samples, history };
}

/** An SVG path through the values, scaled to width × height (higher tok/s is higher on screen). */
export function sparklinePath(values: Array<number | null>, width: number, height: number): string {
  const points = values.slice(-SPARKLINE_POINTS);
  const known = points.filter((v): v is number => v !== null);
  if (known.length === 0) return '';
  const max = Math.max(...known, 1);
  const step = width / Math.max(1, SPARKLINE_POINTS - 1);
  const offset = (SPARKLINE_POINTS - points.length) * step;
  let d = '';
  points.forEach((v, i) => {
    if (v === null) return;
    const x = offset + i * step;
    const y = height - (v / max) * (height - 2) - 1;
    d += `${d === '' ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return d;
}
