// Band statistics for the display stretch, gathered while one overview level
// streams past (the largest with at most ~4 million pixels; full resolution
// for small images), as GDAL's approximate statistics do: min, max, mean,
// standard deviation, and the 2nd/98th percentiles. Nodata and NaN are left
// out. Percentiles are exact over that level for 8- and 16-bit data (a
// histogram) and from an even sample of at most ~1 million values otherwise.
import type { BandStats } from "../band-stats";
import type { SampleArray } from "./tile-encode";

const MAX_SORTED_VALUES = 1 << 20;

export class StreamStats {
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly histograms: Float64Array[] | null = null;
  private histogramOffset = 0;
  private readonly sampled: number[][];
  private readonly step: number;

  constructor(
    private readonly bands: number,
    private readonly nodata: number | null,
    /** Pixels expected, to choose the sampling step for float and 32-bit data. */
    expectedPixels: number,
    kind: SampleArray,
  ) {
    this.count = new Float64Array(bands);
    this.sum = new Float64Array(bands);
    this.sumSq = new Float64Array(bands);
    this.min = new Float64Array(bands).fill(Infinity);
    this.max = new Float64Array(bands).fill(-Infinity);
    this.sampled = Array.from({ length: bands }, () => []);
    this.step = Math.max(1, Math.ceil(expectedPixels / MAX_SORTED_VALUES));
    if (kind instanceof Uint8Array || kind instanceof Int8Array || kind instanceof Uint16Array || kind instanceof Int16Array) {
      const bins = 2 ** (kind.BYTES_PER_ELEMENT * 8);
      this.histogramOffset = kind instanceof Int8Array || kind instanceof Int16Array ? bins / 2 : 0;
      this.histograms = Array.from({ length: bands }, () => new Float64Array(bins));
    }
  }

  /** Pixel-interleaved values of the chosen level. */
  add(data: SampleArray): void {
    const { bands, nodata } = this;
    for (let b = 0; b < bands; b++) {
      if (this.histograms) {
        const h = this.histograms[b]!;
        const off = this.histogramOffset;
        for (let i = b; i < data.length; i += bands) h[data[i]! + off]!++;
        continue;
      }
      let n = 0;
      let s = 0;
      let sq = 0;
      let lo = this.min[b]!;
      let hi = this.max[b]!;
      const keep = this.sampled[b]!;
      for (let i = b, k = 0; i < data.length; i += bands, k++) {
        const v = data[i]!;
        if (v !== v || v === nodata) continue;
        n++;
        s += v;
        sq += v * v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (k % this.step === 0) keep.push(v);
      }
      this.count[b]! += n;
      this.sum[b]! += s;
      this.sumSq[b]! += sq;
      this.min[b] = lo;
      this.max[b] = hi;
    }
  }

  result(): BandStats[] {
    return Array.from({ length: this.bands }, (_, b) => (this.histograms ? this.fromHistogram(this.histograms[b]!) : this.fromSample(b)));
  }

  private fromHistogram(h: Float64Array): BandStats {
    const off = this.histogramOffset;
    if (this.nodata !== null && Number.isInteger(this.nodata) && this.nodata + off >= 0 && this.nodata + off < h.length) h[this.nodata + off] = 0;
    let n = 0;
    let s = 0;
    let sq = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < h.length; i++) {
      const c = h[i]!;
      if (!c) continue;
      const v = i - off;
      n += c;
      s += c * v;
      sq += c * v * v;
      if (v < lo) lo = v;
      hi = v;
    }
    if (n === 0) return { min: 0, max: 0, mean: 0, std: 0, p2: 0, p98: 0, validCount: 0 };
    const rank = (q: number) => {
      const target = Math.round(q * (n - 1));
      let seen = 0;
      for (let i = 0; i < h.length; i++) {
        seen += h[i]!;
        if (seen > target) return i - off;
      }
      return hi;
    };
    const mean = s / n;
    return { min: lo, max: hi, mean, std: Math.sqrt(Math.max(0, sq / n - mean * mean)), p2: rank(0.02), p98: rank(0.98), validCount: n };
  }

  private fromSample(b: number): BandStats {
    const n = this.count[b]!;
    if (n === 0) return { min: 0, max: 0, mean: 0, std: 0, p2: 0, p98: 0, validCount: 0 };
    const mean = this.sum[b]! / n;
    const sorted = Float64Array.from(this.sampled[b]!).sort();
    const pick = (q: number) => sorted[Math.round(q * (sorted.length - 1))]!;
    return { min: this.min[b]!, max: this.max[b]!, mean, std: Math.sqrt(Math.max(0, this.sumSq[b]! / n - mean * mean)), p2: pick(0.02), p98: pick(0.98), validCount: n };
  }
}
