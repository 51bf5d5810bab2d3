// tok/s and TTFT over time with uPlot: saved results as points, the live generation as a line. The
// chart is created once and follows its container's width; readings at 10/s only call setData,
// batched to one redraw per animation frame, so React does not rebuild the canvas.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Measurement } from '../../../core/api/inference';
import type { LiveSample } from '../live-series';
import { speedSeries, TIME_LABEL_SPACING_PX, zeroBasedRange } from '../speed-series';

const HEIGHT = 220;
const TPS_MIN_SPAN = 10;
const TTFT_MIN_SPAN_MS = 200;

function chartOptions(width: number): uPlot.Options {
  const muted = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#63636a';
  const grid = { stroke: 'rgba(127, 127, 127, 0.18)', width: 1 };
  const axis = { stroke: muted, grid, ticks: { stroke: 'rgba(127, 127, 127, 0.3)', width: 1 } };
  return {
    width,
    height: HEIGHT,
    series: [
      {},
      { label: 'Saved tok/s', stroke: '#0a84ff', fill: '#0a84ff', scale: 'tps', paths: () => null, points: { show: true, size: 7, fill: '#0a84ff' } },
      { label: 'Saved TTFT (ms)', stroke: '#ff9f0a', scale: 'ms', paths: () => null, points: { show: true, size: 6, fill: '#ff9f0a' } },
      { label: 'Live tok/s', stroke: '#0a84ff', width: 1.5, scale: 'tps', spanGaps: true, points: { show: false } },
      { label: 'Live TTFT (ms)', stroke: '#ff9f0a', width: 1, scale: 'ms', dash: [4, 3], spanGaps: true, points: { show: false } },
    ],
    axes: [
      { ...axis, space: TIME_LABEL_SPACING_PX },
      { ...axis, scale: 'tps', label: 'tok/s' },
      { ...axis, scale: 'ms', side: 1, label: 'TTFT ms', grid: { show: false } },
    ],
    scales: {
      x: { time: true },
      tps: { range: (u) => zeroBasedRange([...(u.data[1] ?? []), ...(u.data[3] ?? [])], TPS_MIN_SPAN) },
      ms: { range: (u) => zeroBasedRange([...(u.data[2] ?? []), ...(u.data[4] ?? [])], TTFT_MIN_SPAN_MS) },
    },
    legend: { live: false },
  };
}

export function SpeedChart({ saved, live }: { saved: readonly Measurement[]; live: readonly LiveSample[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const frame = useRef<number | null>(null);
  const empty = saved.length === 0 && live.length === 0;

  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const chart = new uPlot(chartOptions(Math.max(240, element.clientWidth)), [[], [], [], [], []], element);
    plot.current = chart;
    // Responsive: the chart takes its card's width, in the popover-sized window and a wide one alike.
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(240, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      plot.current?.setData(speedSeries(saved, live) as uPlot.AlignedData);
    });
  }, [saved, live]);

  return (
    <div className="speed-chart-box">
      <div ref={host} className="speed-chart" data-testid="speed-chart" data-points={saved.length + live.length} data-saved={saved.length} />
      {empty && (
        <p className="speed-chart-empty muted" data-testid="speed-chart-empty">
          Nothing measured yet. Run a speed test below, or start the metering proxy and chat through it: results are saved and plotted here.
        </p>
      )}
    </div>
  );
}
