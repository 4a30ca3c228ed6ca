import { describe, expect, it } from "vitest";
import { bytes, count, dollars, percent, templateParts } from "./format";

describe("format", () => {
  it("splits template text at variables", () => {
    expect(templateParts("Order <*> persisted in <*> ms")).toEqual([
      { text: "Order ", variable: false },
      { text: "<*>", variable: true },
      { text: " persisted in ", variable: false },
      { text: "<*>", variable: true },
      { text: " ms", variable: false },
    ]);
    expect(templateParts("<*>")).toEqual([{ text: "<*>", variable: true }]);
    expect(templateParts("no variables")).toEqual([{ text: "no variables", variable: false }]);
  });

  it("formats sizes, counts, shares and money", () => {
    expect(bytes(999)).toBe("999 B");
    expect(bytes(1_500_000)).toBe("1.5 MB");
    expect(count(20_831)).toBe("20.8k");
    expect(count(1_200_000)).toBe("1.2M");
    expect(percent(0.2765)).toBe("28%");
    expect(percent(0.00001)).toBe("<0.1%");
    expect(dollars(null)).toBe("–");
    expect(dollars(0.004)).toBe("$0.0040");
    expect(dollars(0.00001)).toBe("<$0.0001");
    expect(dollars(12.345)).toBe("$12.35");
  });
});
