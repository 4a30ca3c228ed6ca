import { memo, useEffect, useRef } from "react";
import uPlot from "uplot";
import type { HistogramView } from "../api";

type Props = {
  histogram: HistogramView;
  /** Called with the brushed window (ms), or not at all when the user just clicks. */
  onBrush: (since: number, until: number) => void;
  height?: number;
};

function aligned(h: HistogramView): uPlot.AlignedData {
  const xs = h.counts.map((_, i) => (h.start_ms + i * h.bucket_ms) / 1000);
  return [xs, h.counts];
}

/** Whole-number steps for the count axis: 1, 2, 5, 10, 20, 50, ... */
export const COUNT_STEPS = Array.from({ length: 30 }, (_, i) => [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3));

/** The count axis's range: from 0 to the largest count, at least 1. */
export function countRange(_u: uPlot, _min: number | null, max: number | null): uPlot.Range.MinMax {
  return [0, Math.max(1, max ?? 0)];
}

/**
 * Matching events over time as bars; dragging across it narrows the search to that window.
 * The chart is made once and given each new answer's counts with `setData`: making a uPlot
 * chart builds its canvas, axes and DOM again, which is most of what an answer costs to paint.
 */
export const Histogram = memo(function Histogram({ histogram, onBrush, height = 110 }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const brush = useRef(onBrush);
  brush.current = onBrush;
  const latest = useRef(histogram);
  latest.current = histogram;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const made = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: false },
        cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
        // Counts are whole numbers: the y axis starts at 0, reaches at least 1 and steps by
        // whole numbers, so a window with a few events still shows a labelled scale.
        scales: { x: { time: true }, y: { range: countRange } },
        axes: [
          { stroke: "#8b93a7", grid: { stroke: "#2a3040" }, ticks: { stroke: "#2a3040" } },
          {
            stroke: "#8b93a7",
            grid: { stroke: "#2a3040" },
            ticks: { stroke: "#2a3040" },
            size: 48,
            space: 20,
            incrs: COUNT_STEPS,
          },
        ],
        series: [
          {},
          {
            stroke: "#f5a623",
            fill: "rgba(245,166,35,0.35)",
            paths: uPlot.paths.bars?.({ size: [0.9, 40] }),
            points: { show: false },
          },
        ],
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width < 3) return;
              const since = Math.floor(u.posToVal(u.select.left, "x") * 1000);
              const until = Math.ceil(u.posToVal(u.select.left + u.select.width, "x") * 1000);
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              if (until > since) brush.current(since, until);
            },
          ],
        },
      },
      aligned(latest.current),
      el,
    );
    plot.current = made;
    // Only a change of width re-lays the chart out; the observer's first call is not one.
    let width = el.clientWidth;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      made.setSize({ width: Math.max(200, width), height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      made.destroy();
      plot.current = null;
    };
  }, [height]);

  useEffect(() => {
    const p = plot.current;
    if (p && p.data[1] !== histogram.counts) p.setData(aligned(histogram));
  }, [histogram]);

  return <div className="histogram" ref={host} data-testid="histogram" />;
});
