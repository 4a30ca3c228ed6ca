import { useEffect, useRef } from "react";
import uPlot from "uplot";
import type { HistogramView } from "../api";

type Props = {
  histogram: HistogramView;
  /** Called with the brushed window (ms), or not at all when the user just clicks. */
  onBrush: (since: number, until: number) => void;
  height?: number;
};

/** Matching events over time as bars; dragging across it narrows the search to that window. */
export function Histogram({ histogram, onBrush, height = 110 }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const brush = useRef(onBrush);
  brush.current = onBrush;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xs = histogram.counts.map((_, i) => (histogram.start_ms + i * histogram.bucket_ms) / 1000);
    const data: uPlot.AlignedData = [xs, histogram.counts];
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: false },
        cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
        scales: { x: { time: true } },
        axes: [
          { stroke: "#8b93a7", grid: { stroke: "#2a3040" }, ticks: { stroke: "#2a3040" } },
          { stroke: "#8b93a7", grid: { stroke: "#2a3040" }, ticks: { stroke: "#2a3040" }, size: 48 },
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
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [histogram, height]);

  return <div className="histogram" ref={host} data-testid="histogram" />;
}
