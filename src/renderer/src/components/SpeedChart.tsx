// tok/s and TTFT over time with uPlot. The chart is created once; readings at 10/s only call
// setData, batched to one redraw per animation frame, so React does not rebuild the canvas.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LiveSample } from '../live-series';

export function toChartData(samples: LiveSample[]): uPlot.AlignedData {
  return [samples.map((s) => s.at / 1000), samples.map((s) => s.tokensPerSecond), samples.map((s) => s.ttftMs)];
}

export function SpeedChart({ samples, width = 640, height = 220 }: { samples: LiveSample[]; width?: number; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const frame = useRef<number | null>(null);

  useEffect(() => {
    if (!host.current) return undefined;
    const chart = new uPlot(
      {
        width,
        height,
        series: [
          {},
          { label: 'tok/s', stroke: '#0a84ff', width: 1.5, scale: 'tps' },
          { label: 'TTFT (ms)', stroke: '#ff9f0a', width: 1, scale: 'ms', dash: [4, 3] },
        ],
        axes: [{}, { scale: 'tps', label: 'tok/s' }, { scale: 'ms', side: 1, label: 'TTFT ms', grid: { show: false } }],
        scales: { x: { time: true } },
      },
      [[], [], []],
      host.current,
    );
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
  }, [width, height]);

  useEffect(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      plot.current?.setData(toChartData(samples));
    });
  }, [samples]);

  return <div ref={host} className="speed-chart" data-testid="speed-chart" data-points={samples.length} />;
}
