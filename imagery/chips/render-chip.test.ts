import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { chipWindow, renderChip, wrapCaption } from "./render-chip";

const L7 = path.resolve(import.meta.dirname, "../../tests/fixtures/imagery/L7_ETMs.tif");
const square = {
  type: "Polygon" as const,
  coordinates: [
    [
      [-34.862, -8.012],
      [-34.859, -8.012],
      [-34.859, -8.009],
      [-34.862, -8.009],
      [-34.862, -8.012],
    ],
  ],
};

describe("an image chip of a claim", () => {
  it("frames the change with room around it: about a third of the chip", () => {
    const w = chipWindow(square, 512);
    // The square is ~330 m wide; the window is three times that or a little more (the zoom below it).
    const metres = 512 * w.metresPerPixel;
    expect(metres).toBeGreaterThan(3 * 330 * 0.95);
    expect(metres).toBeLessThan(3 * 330 * 2.05);
  });

  it("draws the scene, the outline in yellow at the right place, and a caption band", async () => {
    const chip = await renderChip({
      scene: { file: L7 },
      bands: [3, 2, 1],
      stretch: [0, 1, 2].map(() => ({ min: 30, max: 120 })),
      outline: square,
      caption: ["Before: 2001-07-15", "licence public domain"],
    });
    expect([chip.width, chip.height]).toEqual([512, 512 + 10 + 2 * 18]);
    const { data, info } = await sharp(chip.png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [0, 1, 2].map((k) => data[(y * info.width + x) * 3 + k]!);
    const yellow = ([r, g, b]: number[]) => r! > 200 && g! > 180 && b! < 80;
    // The outline crosses the horizontal middle line twice, around a third of the width from each side.
    const crossings = Array.from({ length: 512 }, (_, x) => x).filter((x) => yellow(px(x, 256)));
    expect(crossings.length).toBeGreaterThan(0);
    expect(Math.min(...crossings)).toBeGreaterThan(100);
    expect(Math.max(...crossings)).toBeLessThan(412);
    expect(crossings.some((x) => x < 256) && crossings.some((x) => x > 256)).toBe(true);
    // The caption band is white.
    expect(px(500, 540)).toEqual([255, 255, 255]);
  });

  it("wraps a long caption line at spaces to the chip's width", () => {
    const lines = wrapCaption(["After: 2003-08-02 · SYNTHETIC (derived from Landsat 7 ETM+) (synthetic) · with a long name"], 512);
    expect(lines.length).toBe(2);
    expect(lines.every((l) => l.text.length <= 66 && l.bold)).toBe(true);
  });
});
