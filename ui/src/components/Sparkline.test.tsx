import { render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Sparkline } from "./Sparkline";

describe("Sparkline", () => {
  const original = HTMLCanvasElement.prototype.getContext;
  afterEach(() => {
    HTMLCanvasElement.prototype.getContext = original;
  });

  it("draws the series once, highest point at the top, into a canvas of its size", () => {
    const path: string[] = [];
    let strokes = 0;
    const ctx = {
      scale: () => {},
      beginPath: () => path.push("begin"),
      moveTo: (x: number, y: number) => path.push(`M${x},${y}`),
      lineTo: (x: number, y: number) => path.push(`L${x},${y}`),
      stroke: () => strokes++,
    };
    HTMLCanvasElement.prototype.getContext = (() => ctx) as unknown as typeof original;
    const series = [0, 4, 2];
    const { container, rerender } = render(<Sparkline series={series} width={100} height={20} />);
    const canvas = container.querySelector("canvas")!;
    expect(canvas.style.width).toBe("100px");
    expect(path).toEqual(["begin", "M0,19", "L50,1", "L100,10"]);
    // The same series again (a row re-rendered around it) draws nothing more.
    rerender(<Sparkline series={series} width={100} height={20} />);
    expect(strokes).toBe(1);
  });

  it("shows a dash for fewer than two points", () => {
    const { container } = render(<Sparkline series={[5]} />);
    expect(container.querySelector("canvas")).toBeNull();
    expect(container.textContent).toBe("–");
  });
});
