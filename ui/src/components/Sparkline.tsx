import { memo, useLayoutEffect, useRef } from "react";

/** The line's colour: the theme's accent (`--accent` in styles.css). */
const STROKE = "#f5a623";

/**
 * Volume over the window as a small line. Rows of the queue are created and dropped while
 * scrolling, so each sparkline is drawn once into a canvas when its row appears: the page then
 * repaints it as a bitmap on every scroll frame, where an SVG line was rasterised again each
 * time (it was the largest part of a scroll frame's paint).
 */
export const Sparkline = memo(function Sparkline({ series, width = 96, height = 20 }: { series: number[]; width?: number; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx || series.length < 2) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(height * ratio);
    ctx.scale(ratio, ratio);
    const max = Math.max(1, ...series);
    const step = width / (series.length - 1);
    ctx.strokeStyle = STROKE;
    ctx.lineWidth = 1.2;
    ctx.lineJoin = "round";
    ctx.beginPath();
    series.forEach((v, i) => {
      const y = height - 1 - (v / max) * (height - 2);
      if (i === 0) ctx.moveTo(0, y);
      else ctx.lineTo(i * step, y);
    });
    ctx.stroke();
  }, [series, width, height]);
  if (series.length < 2) return <span className="spark-empty">–</span>;
  return (
    <canvas
      ref={canvas}
      className="sparkline"
      data-points={series.length}
      width={width}
      height={height}
      style={{ width, height }}
      aria-hidden
    />
  );
});
