import { describe, expect, it } from "vitest";
import { outlinePaths } from "./outline-svg";

describe("outlinePaths", () => {
  it("draws both outlines in one frame, the larger one filling the box and the smaller inside it", () => {
    const big = {
      type: "Polygon" as const,
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    const small = {
      type: "Polygon" as const,
      coordinates: [
        [
          [0.5, 0.5],
          [1, 0.5],
          [1, 1],
          [0.5, 1],
          [0.5, 0.5],
        ],
      ],
    };
    const [a, b] = outlinePaths({ geometries: [big, small], size: { width: 100, height: 100, pad: 0 } });
    const numbers = (p: string) => p.match(/-?\d+(\.\d+)?/g)!.map(Number);
    expect(Math.min(...numbers(a!))).toBe(0);
    expect(Math.max(...numbers(a!))).toBe(100);
    for (const n of numbers(b!)) {
      expect(n).toBeGreaterThan(20);
      expect(n).toBeLessThan(80);
    }
    // North is up: the top edge of the square (lat 2) is at y = 0.
    expect(a).toMatch(/^M0\.0 100\.0L100\.0 100\.0L100\.0 0\.0L0\.0 0\.0L0\.0 100\.0Z$/);
  });

  it("a missing outline draws nothing", () => {
    expect(outlinePaths({ geometries: [null, null], size: { width: 10, height: 10 } })).toEqual(["", ""]);
  });
});
