import { memo } from "react";

/**
 * Volume over the window as a small SVG line. Rows of the queue are created and dropped while
 * scrolling, so each sparkline is one static element with no chart instance behind it.
 */
export const Sparkline = memo(function Sparkline({ series, width = 96, height = 20 }: { series: number[]; width?: number; height?: number }) {
  if (series.length < 2) return <span className="spark-empty">–</span>;
  const max = Math.max(1, ...series);
  const step = width / (series.length - 1);
  const points = series
    .map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`)
    .join(" ");
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden>
      <polyline points={points} fill="none" strokeWidth="1.2" />
    </svg>
  );
});
