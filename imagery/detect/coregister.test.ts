// Phase correlation on real imagery: the Landsat fixture against itself moved
// by known sub-pixel amounts (bilinear), with and without a change of
// brightness, and against unrelated content.
import path from "node:path";
import { fromFile } from "geotiff";
import { beforeAll, describe, expect, it } from "vitest";
import { estimateShift } from "./coregister";

const L7 = path.resolve(import.meta.dirname, "../../tests/fixtures/imagery/L7_ETMs.tif");
const N = 256;
let W = 0;
let H = 0;
let data: Uint8Array;

beforeAll(async () => {
  const image = await (await fromFile(L7)).getImage();
  W = image.getWidth();
  H = image.getHeight();
  data = (await image.readRasters({ interleave: true })) as unknown as Uint8Array;
});

/** An N × N window at (x0, y0) of the fixture, its content moved by (dx, dy) (bilinear), each value through `f`. */
function windowOf(x0: number, y0: number, dx = 0, dy = 0, f: (v: number, b: number) => number = (v) => v): Float32Array {
  const out = new Float32Array(N * N * 6);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const sx = x0 + x - dx;
      const sy = y0 + y - dy;
      const ix = Math.floor(sx);
      const iy = Math.floor(sy);
      const fx = sx - ix;
      const fy = sy - iy;
      for (let b = 0; b < 6; b++) {
        const at = (xx: number, yy: number) => data[(Math.min(H - 1, Math.max(0, yy)) * W + Math.min(W - 1, Math.max(0, xx))) * 6 + b]!;
        const v = (at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx) * (1 - fy) + (at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx) * fy;
        out[(y * N + x) * 6 + b] = f(v, b);
      }
    }
  }
  return out;
}

describe("estimateShift", () => {
  for (const [dx, dy] of [
    [0, 0],
    [1.4, -0.7],
    [-2.25, 0.5],
    [0.3, 1.8],
  ] as const) {
    it(`finds a shift of (${dx}, ${dy}) px to a tenth of a pixel, confidently`, () => {
      const r = estimateShift(windowOf(40, 40), windowOf(40, 40, dx, dy), 6, N);

      expect(Math.abs(r.dx - dx)).toBeLessThan(0.1);
      expect(Math.abs(r.dy - dy)).toBeLessThan(0.1);
      expect(r.confidence).toBeGreaterThan(3);
    });
  }

  it("holds under gamma, haze and a per-band gain", () => {
    const graded = windowOf(40, 40, 1.4, -0.7, (v, b) => 255 * [1.1, 0.95, 1.05, 1.2, 0.9, 1][b]! * (v / 255) ** [0.8, 0.85, 1.2, 0.9, 1.15, 0.75][b]! + [28, 22, 16, 6, 3, 2][b]!);
    const r = estimateShift(windowOf(40, 40), graded, 6, N);
    expect(Math.abs(r.dx - 1.4)).toBeLessThan(0.15);
    expect(Math.abs(r.dy + 0.7)).toBeLessThan(0.15);
  });

  it("has no confidence for unrelated content", () => {
    // The fixture's top-left window against its bottom-right one, mirrored.
    const other = windowOf(W - N - 1, H - N - 1);
    const flipped = new Float32Array(other.length);
    for (let p = 0; p < N * N; p++) flipped.set(other.subarray(p * 6, p * 6 + 6), (N * N - 1 - p) * 6);
    const r = estimateShift(windowOf(0, 0), flipped, 6, N);
    expect(r.confidence).toBeLessThan(2);
  });
});
