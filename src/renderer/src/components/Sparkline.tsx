import { sparklinePath } from '../live-series';

/**
 * The popover's live tok/s line: a 60-point SVG path. Lighter than a uPlot instance in the popover
 * (no canvas, no library code loaded until the speed view opens) and redrawn by React per reading.
 */
export function Sparkline({ values, width = 220, height = 36 }: { values: Array<number | null>; width?: number; height?: number }) {
  return (
    <svg className="sparkline" data-testid="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="tok/s over the last readings">
      <path d={sparklinePath(values, width, height)} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
