import { describe, expect, it } from "vitest";
import type uPlot from "uplot";
import { COUNT_STEPS, countRange } from "./Histogram";

const chart = {} as uPlot;

describe("count axis", () => {
  it("starts at 0 and reaches at least 1, so a few events still get a scale", () => {
    expect(countRange(chart, 0, 3)).toEqual([0, 3]);
    expect(countRange(chart, 2, 2)).toEqual([0, 2]);
    expect(countRange(chart, 0, 0)).toEqual([0, 1]);
    expect(countRange(chart, null, null)).toEqual([0, 1]);
  });

  it("steps by whole numbers only", () => {
    expect(COUNT_STEPS.slice(0, 7)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(COUNT_STEPS.every((s) => Number.isInteger(s))).toBe(true);
    expect(COUNT_STEPS[COUNT_STEPS.length - 1]).toBeGreaterThan(1e9);
  });
});
