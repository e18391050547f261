// Halving a block of pixels for the next overview level: the average of each
// 2×2 group (nodata and NaN left out; all-nodata gives nodata), or the
// top-left pixel for palette (class) images where an average means nothing.
//
// `halveBlock` runs inside the tile workers, whose source is built from its
// text (tile-pool.ts): it must not refer to anything outside its own body.
import type { SampleArray } from "./tile-encode";

export type OverviewResampling = "average" | "nearest";

export interface PixelBlock {
  data: SampleArray;
  /** Valid pixels per row and rows. */
  width: number;
  height: number;
  samples: number;
  /** Pixels per row in `data` when rows are padded (a tile at the image edge); `width` otherwise. */
  stride?: number;
}

/** Halves a pixel-interleaved block: the output is ceil(w/2) × ceil(h/2), unpadded. */
export function halveBlock(block: PixelBlock, method: OverviewResampling, nodata: number | null): PixelBlock {
  const { data, width, height, samples } = block;
  const stride = block.stride ?? width;
  const ow = Math.ceil(width / 2);
  const oh = Math.ceil(height / 2);
  const Ctor = data.constructor as new (n: number) => SampleArray;
  const out = new Ctor(ow * oh * samples);
  const round = !(data instanceof Float32Array || data instanceof Float64Array);
  // Sums of four 8- or 16-bit samples fit in a 32-bit shift.
  const fastInt = round && data.BYTES_PER_ELEMENT <= 2 && (nodata === null || Number.isNaN(nodata));
  // Three copies of the loop, so the innermost one has no branch on the method.
  for (let oy = 0; oy < oh; oy++) {
    const row0 = oy * 2 * stride * samples;
    const row1 = Math.min(oy * 2 + 1, height - 1) * stride * samples;
    const orow = oy * ow * samples;
    // Pixels whose right neighbour exists; the last column may be odd.
    const pairs = Math.floor(width / 2);
    if (method === "nearest") {
      for (let ox = 0; ox < ow; ox++) for (let s = 0; s < samples; s++) out[orow + ox * samples + s] = data[row0 + ox * 2 * samples + s]!;
      continue;
    }
    if (fastInt) {
      const n = pairs * samples;
      for (let i = 0, j = 0; i < n; i += samples, j += 2 * samples) {
        for (let s = 0; s < samples; s++) {
          const k = j + s;
          out[orow + i + s] = (data[row0 + k]! + data[row0 + k + samples]! + data[row1 + k]! + data[row1 + k + samples]! + 2) >> 2;
        }
      }
      if (pairs < ow) {
        const k = pairs * 2 * samples;
        for (let s = 0; s < samples; s++) out[orow + pairs * samples + s] = (data[row0 + k + s]! + data[row1 + k + s]! + 1) >> 1;
      }
      continue;
    }
    for (let ox = 0; ox < ow; ox++) {
      const x0 = ox * 2 * samples;
      const x1 = Math.min(ox * 2 + 1, width - 1) * samples;
      const o = orow + ox * samples;
      for (let s = 0; s < samples; s++) {
        const a = data[row0 + x0 + s]!;
        const b = data[row0 + x1 + s]!;
        const c = data[row1 + x0 + s]!;
        const d = data[row1 + x1 + s]!;
        let sum = 0;
        let n = 0;
        if (a === a && a !== nodata) {
          sum += a;
          n++;
        }
        if (b === b && b !== nodata) {
          sum += b;
          n++;
        }
        if (c === c && c !== nodata) {
          sum += c;
          n++;
        }
        if (d === d && d !== nodata) {
          sum += d;
          n++;
        }
        out[o + s] = n === 0 ? (nodata ?? Number.NaN) : round ? Math.round(sum / n) : sum / n;
      }
    }
  }
  return { data: out, width: ow, height: oh, samples };
}
