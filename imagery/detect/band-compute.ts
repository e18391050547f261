// The per-pixel work of change detection on one band of rows of the before
// grid: sample the after scene there (bilinear), normalise it, and measure the
// change vector's length over the bands (change vector analysis). Pure and
// self-contained apart from evalLut and magnitudeKernel3 (it is sent to worker
// threads as source text, with theirs): no other imports or module state.

import { evalLut } from "./normalise";

export type PixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface BandTask {
  mode: "magnitude" | "pairs";
  /** Size of the band of rows, in before pixels. */
  width: number;
  height: number;
  bands: number;
  /** Which samples of a pixel are the chosen bands (0-based), in both scenes. */
  sampleIndex: number[];
  beforeSamples: number;
  afterSamples: number;
  /** Before pixels: `beforeStride` pixels a row, starting at column `beforeCol0`, pixel-interleaved, `beforeSamples` samples a pixel. */
  before: PixelArray;
  beforeStride: number;
  beforeCol0: number;
  /**
   * When set, the before window holds `beforeRows` rows, the band's first at
   * row `beforeRow0`, and the before scene is smoothed with a 3 × 3 [1 2 1]
   * kernel (edges replicated; a nodata neighbour leaves the pixel as it is):
   * the after scene is resampled, which smooths it about as much, so sharp
   * detail is not read as change. Otherwise the window's rows are the band's.
   */
  beforeBlur?: { row0: number; rows: number };
  beforeNodata: number | null;
  /** After pixels of a window of the after image, `afterWidth` × `afterHeight`, `afterSamples` samples a pixel. */
  after: PixelArray;
  afterWidth: number;
  afterHeight: number;
  afterNodata: number | null;
  /**
   * Where each before pixel's centre falls in the after window (x, y, in pixels
   * from the window's top-left corner), given at nodes every `nodeStep` pixels
   * (node columns `nodeCols`) and interpolated between them; NaN where it cannot
   * be projected. When `offset` is set instead, the grids are the same up to a
   * whole-pixel shift: after (col, row) = before (col + dx, row + dy).
   */
  nodes: Float64Array | null;
  nodeStep: number;
  nodeCols: number;
  offset: { dx: number; dy: number } | null;
  /** Pixels to use (1) in this band (area of interest), width × height, or null for all. */
  aoi: Uint8Array | null;
  /**
   * The data range of integer imagery ([min, max] of the type), or null for
   * floats. A value at an end is censored (the sensor saturated, or the value
   * was clipped): the true value is at least (at most) what is seen, so the
   * difference counted is the distance between the two possible ranges.
   */
  beforeRange: [number, number] | null;
  afterRange: [number, number] | null;
  /** Per-band normalisation lookups (see normalise.ts), for "magnitude". */
  luts: { x0: number; step: number; values: number[] }[];
  /** Log-quantisation scale of the magnitude code (see threshold.ts). */
  k: number;
  /** For "pairs": take every `sampleStep`-th pixel in both directions. */
  sampleStep: number;
  /**
   * Positions (in the compared bands, 0-based) of the near-infrared and red
   * bands, when both are compared: where both dates are vegetation (NDVI ≥
   * VEGETATION_NDVI), the near-infrared difference is left out (another season,
   * not a change) and the others scaled up to stand for all bands.
   */
  nir?: number;
  red?: number;
  /** For "pairs" with sampleStep 1: every pixel of the window in row order, NaN where unusable (for co-registration). */
  keepGrid?: boolean;
  /** For "magnitude": write the codes here (width × height) instead of a new array (e.g. a view of shared memory). */
  codesOut?: Uint8Array;
}

export interface BandResult {
  /** "magnitude": one code per pixel (0 = not usable, else 1 + round(k · log2(1 + m))). */
  codes: Uint8Array | null;
  /** "magnitude": counts of each code (256 bins). */
  histogram: Uint32Array | null;
  /** "pairs": usable sample pixels, pixel-interleaved. */
  pairsBefore: Float32Array | null;
  pairsAfter: Float32Array | null;
}

export function computeBand(t: BandTask): BandResult {
  const nb = t.bands;
  const w = t.width;
  const h = t.height;
  const magnitude = t.mode === "magnitude";
  const codes = magnitude ? (t.codesOut ?? new Uint8Array(w * h)) : null;
  const histogram = magnitude ? new Uint32Array(256) : null;
  const step = magnitude ? 1 : Math.max(1, t.sampleStep);
  const maxPairs = Math.ceil(w / step) * Math.ceil(h / step);
  const pairsBefore = magnitude ? null : new Float32Array(maxPairs * nb);
  const pairsAfter = magnitude ? null : new Float32Array(maxPairs * nb);
  const keepGrid = !magnitude && t.keepGrid === true && step === 1;
  if (keepGrid) {
    pairsBefore!.fill(NaN);
    pairsAfter!.fill(NaN);
  }
  let pairs = 0;
  const aw = t.afterWidth;
  const ah = t.afterHeight;
  const A = t.after;
  const B = t.before;
  const bnd = t.beforeNodata;
  const and = t.afterNodata;
  const luts = t.luts;
  const k = t.k;
  const sampled = new Float64Array(nb);
  // Linear lookups are the common case: keep their gain and offset at hand.
  const linear = luts.length === nb && luts.every((l) => l.values.length === 2);
  const gains = new Float64Array(nb);
  const offsets = new Float64Array(nb);
  if (linear) {
    for (let b = 0; b < nb; b++) {
      const l = luts[b]!;
      gains[b] = (l.values[1]! - l.values[0]!) / l.step;
      offsets[b] = l.values[0]! - gains[b]! * l.x0;
    }
  }
  const lut = (b: number, x: number): number => (linear ? gains[b]! * x + offsets[b]! : evalLut(luts[b]!, x));
  const si = Int32Array.from(t.sampleIndex);
  const bs = t.beforeSamples;
  const as = t.afterSamples;
  const bLo = t.beforeRange ? t.beforeRange[0] : -Infinity;
  const bHi = t.beforeRange ? t.beforeRange[1] : Infinity;
  const aLo = t.afterRange ? t.afterRange[0] + 0.5 : -Infinity;
  const aHi = t.afterRange ? t.afterRange[1] - 0.5 : Infinity;
  const nodes = t.nodes;
  const S = t.nodeStep;
  const nc = t.nodeCols;
  // Magnitude codes come from the squared magnitude through two small tables (they stay in the
  // processor's cache): quarter steps below 1,024, steps of 16 up to 2^20 (under 1 % of the magnitude
  // there, against 2.4 % between codes), the formula beyond. The same in every path.
  const g = globalThis as unknown as { __sitewatchCodeTables?: { k: number; fine: Uint8Array; coarse: Uint8Array } };
  const code = (sq: number) => Math.min(255, 1 + Math.round(k * Math.log2(1 + Math.sqrt(sq))));
  if (magnitude && (!g.__sitewatchCodeTables || g.__sitewatchCodeTables.k !== k)) {
    // One entry more than the rounding can reach, so no lookup ever falls off the end.
    const fine = new Uint8Array(4097);
    for (let i = 0; i < fine.length; i++) fine[i] = code(i / 4);
    const coarse = new Uint8Array(65537);
    for (let i = 0; i < coarse.length; i++) coarse[i] = code(i * 16);
    g.__sitewatchCodeTables = { k, fine, coarse };
  }
  const fineTable = magnitude ? g.__sitewatchCodeTables!.fine : new Uint8Array(0);
  const coarseTable = magnitude ? g.__sitewatchCodeTables!.coarse : new Uint8Array(0);
  const codeOf = (sq: number): number => (sq < 1024 ? fineTable[(sq * 4 + 0.5) | 0]! : sq < 1048560 ? coarseTable[(sq / 16 + 0.5) | 0]! : code(sq));
  /** The squared, normalised, censoring-aware difference of one band (see the main loop below). */
  const bandSq = (b: number, raw: number, p: number): number => {
    const a = lut(b, raw);
    let d = a - p;
    if (raw >= aHi || raw <= aLo || p >= bHi || p <= bLo) {
      // Censored values: distance between [a0, a1] and [p0, p1].
      const a0 = raw <= aLo ? -Infinity : a;
      const a1 = raw >= aHi ? Infinity : a;
      const p0 = p <= bLo ? -Infinity : p;
      const p1 = p >= bHi ? Infinity : p;
      d = a1 < p0 ? p0 - a1 : p1 < a0 ? a0 - p1 : 0;
    }
    return d * d;
  };

  // The common case as a tight loop: bytes on both sides, the same grid (a whole-pixel shift).
  // Every band's squared difference is looked up by (after, before) value: 65,536 entries a band.
  const nir = t.nir ?? -1;
  const red = t.red ?? -1;
  const phenology = magnitude && nir >= 0 && red >= 0 && nb > 1;
  // NDVI of vegetation; a pixel that is vegetation in both dates has its near-infrared change left out.
  const VEGETATION_NDVI = 0.3;
  const restScale = nb / Math.max(1, nb - 1);
  if (magnitude && !phenology && t.offset && A instanceof Uint8Array && B instanceof Uint8Array) {
    const dx = t.offset.dx;
    const dy = t.offset.dy;
    const aoiMask = t.aoi;
    const hist = histogram!;
    const out = codes!;
    const checkNodata = bnd !== null || and !== null;
    // Three bands, three samples a pixel, no nodata: unrolled, with the normalised after
    // value by lookup (256 entries a band) and censored values (the ends of the range) sent the long way.
    if (nb === 3 && bs === 3 && as === 3 && si[0] === 0 && si[1] === 1 && si[2] === 2 && !checkNodata) {
      const adj = new Float64Array(3 * 256);
      const cens = new Uint8Array(256);
      for (let v = 0; v < 256; v++) {
        for (let b = 0; b < 3; b++) adj[b * 256 + v] = lut(b, v);
        cens[v] = v >= aHi || v <= aLo || v >= bHi || v <= bLo ? 1 : 0;
      }
      magnitudeKernel3(
        A,
        B,
        out,
        hist,
        adj,
        cens,
        fineTable,
        coarseTable,
        aoiMask ?? new Uint8Array(0),
        w,
        h,
        aw,
        ah,
        dx,
        dy,
        t.beforeStride,
        t.beforeCol0,
        (a0, p0, a1, p1, a2, p2) => codeOf(bandSq(0, a0, p0) + bandSq(1, a1, p1) + bandSq(2, a2, p2)),
      );
      return { codes, histogram, pairsBefore: null, pairsAfter: null };
    }
    const D = new Float32Array(nb * 65536);
    for (let b = 0; b < nb; b++) for (let raw = 0; raw < 256; raw++) for (let p = 0; p < 256; p++) D[b * 65536 + (raw << 8) + p] = bandSq(b, raw, p);
    for (let r = 0; r < h; r++) {
      const y = r + dy;
      if (y < 0 || y >= ah) continue;
      const cStart = Math.max(0, -dx);
      const cEnd = Math.min(w, aw - dx);
      const bRow = r * t.beforeStride + t.beforeCol0;
      for (let c = cStart; c < cEnd; c++) {
        const o = r * w + c;
        if (aoiMask !== null && aoiMask[o] === 0) continue;
        const bi = (bRow + c) * bs;
        const ai = (y * aw + c + dx) * as;
        let sq = 0;
        let usable = true;
        for (let b = 0; b < nb; b++) {
          const p = B[bi + si[b]!]!;
          const raw = A[ai + si[b]!]!;
          if (checkNodata && (p === bnd || raw === and)) {
            usable = false;
            break;
          }
          sq += D[(b << 16) + (raw << 8) + p]!;
        }
        if (!usable) continue;
        const q = codeOf(sq);
        out[o] = q;
        hist[q]!++;
      }
    }
    return { codes, histogram, pairsBefore: null, pairsAfter: null };
  }
  const blur = t.beforeBlur ?? null;
  const row0 = blur ? blur.row0 : 0;
  const stride = t.beforeStride;
  const pv = new Float64Array(nb);
  /** The before pixel's values, smoothed when asked (see beforeBlur); false when it is not usable. */
  const readBefore = (r: number, c: number, bi: number): boolean => {
    for (let b = 0; b < nb; b++) {
      const v = B[bi + si[b]!]!;
      if (v === bnd || Number.isNaN(v)) return false;
      pv[b] = v;
    }
    if (!blur) return true;
    const rr = r + row0;
    const cc = c + t.beforeCol0;
    const up = rr > 0 ? rr - 1 : rr;
    const down = rr + 1 < blur.rows ? rr + 1 : rr;
    const left = cc > 0 ? cc - 1 : cc;
    const right = cc + 1 < stride ? cc + 1 : cc;
    for (let b = 0; b < nb; b++) {
      const s0 = si[b]!;
      // Rows above, at and below, unrolled: this runs for every pixel of a resampled pair.
      const a = up * stride;
      const m = rr * stride;
      const d = down * stride;
      const u0 = B[(a + left) * bs + s0]!, u1 = B[(a + cc) * bs + s0]!, u2 = B[(a + right) * bs + s0]!; // prettier-ignore
      const m0 = B[(m + left) * bs + s0]!, m1 = B[(m + cc) * bs + s0]!, m2 = B[(m + right) * bs + s0]!; // prettier-ignore
      const d0 = B[(d + left) * bs + s0]!, d1 = B[(d + cc) * bs + s0]!, d2 = B[(d + right) * bs + s0]!; // prettier-ignore
      const total = u0 + 2 * u1 + u2 + 2 * (m0 + 2 * m1 + m2) + d0 + 2 * d1 + d2;
      // A nodata neighbour: this pixel as it is.
      if (Number.isNaN(total) || (bnd !== null && (u0 === bnd || u1 === bnd || u2 === bnd || m0 === bnd || m2 === bnd || d0 === bnd || d1 === bnd || d2 === bnd))) return true;
      pv[b] = total / 16;
    }
    return true;
  };
  for (let r = 0; r < h; r += step) {
    const bRow = (r + row0) * stride + t.beforeCol0;
    const j = Math.floor(r / S);
    const ty = (r - j * S) / S;
    for (let c = 0; c < w; c += step) {
      const o = r * w + c;
      if (t.aoi && t.aoi[o] === 0) continue;
      const bi = (bRow + c) * bs;
      if (!readBefore(r, c, bi)) continue;
      let usable = true;
      if (t.offset) {
        const x = c + t.offset.dx;
        const y = r + t.offset.dy;
        if (x < 0 || y < 0 || x >= aw || y >= ah) continue;
        const ai = (y * aw + x) * as;
        for (let b = 0; b < nb; b++) {
          const v = A[ai + si[b]!]!;
          if (v === and || Number.isNaN(v)) usable = false;
          sampled[b] = v;
        }
        if (!usable) continue;
      } else {
        const i = Math.floor(c / S);
        const tx = (c - i * S) / S;
        const n00 = (j * nc + i) * 2;
        const n01 = n00 + 2;
        const n10 = n00 + nc * 2;
        const n11 = n10 + 2;
        const u = (nodes![n00]! * (1 - tx) + nodes![n01]! * tx) * (1 - ty) + (nodes![n10]! * (1 - tx) + nodes![n11]! * tx) * ty;
        const v = (nodes![n00 + 1]! * (1 - tx) + nodes![n01 + 1]! * tx) * (1 - ty) + (nodes![n10 + 1]! * (1 - tx) + nodes![n11 + 1]! * tx) * ty;
        if (!(u >= 0 && v >= 0 && u <= aw && v <= ah)) continue;
        // Bilinear between the four nearest pixel centres (clamped at the window's edges).
        let fx = u - 0.5;
        let fy = v - 0.5;
        if (fx < 0) fx = 0;
        if (fy < 0) fy = 0;
        if (fx > aw - 1) fx = aw - 1;
        if (fy > ah - 1) fy = ah - 1;
        const x0 = Math.floor(fx);
        const y0 = Math.floor(fy);
        const x1 = x0 + 1 < aw ? x0 + 1 : x0;
        const y1 = y0 + 1 < ah ? y0 + 1 : y0;
        const wx = fx - x0;
        const wy = fy - y0;
        const i00 = (y0 * aw + x0) * as;
        const i01 = (y0 * aw + x1) * as;
        const i10 = (y1 * aw + x0) * as;
        const i11 = (y1 * aw + x1) * as;
        for (let b = 0; b < nb; b++) {
          const sb = si[b]!;
          const a00 = A[i00 + sb]!;
          const a01 = A[i01 + sb]!;
          const a10 = A[i10 + sb]!;
          const a11 = A[i11 + sb]!;
          if (a00 === and || a01 === and || a10 === and || a11 === and || Number.isNaN(a00 + a01 + a10 + a11)) usable = false;
          sampled[b] = (a00 * (1 - wx) + a01 * wx) * (1 - wy) + (a10 * (1 - wx) + a11 * wx) * wy;
        }
        if (!usable) continue;
      }
      if (magnitude) {
        let sq = 0;
        for (let b = 0; b < nb; b++) sq += bandSq(b, sampled[b]!, pv[b]!);
        if (phenology) {
          const bn = pv[nir]!;
          const br = pv[red]!;
          const an = lut(nir, sampled[nir]!);
          const ar = lut(red, sampled[red]!);
          if (bn - br >= VEGETATION_NDVI * (bn + br) && an - ar >= VEGETATION_NDVI * (an + ar) && bn + br > 0 && an + ar > 0) {
            sq = (sq - bandSq(nir, sampled[nir]!, bn)) * restScale;
          }
        }
        const q = codeOf(sq);
        codes![o] = q;
        histogram![q]!++;
      } else {
        const slot = keepGrid ? o : pairs;
        for (let b = 0; b < nb; b++) {
          pairsBefore![slot * nb + b] = pv[b]!;
          pairsAfter![slot * nb + b] = sampled[b]!;
        }
        pairs++;
      }
    }
  }
  return {
    codes,
    histogram,
    pairsBefore: pairsBefore ? (keepGrid ? pairsBefore : pairsBefore.slice(0, pairs * nb)) : null,
    pairsAfter: pairsAfter ? (keepGrid ? pairsAfter : pairsAfter.slice(0, pairs * nb)) : null,
  };
}

/**
 * The inner loop of the common case (three byte bands on the same grid, no
 * nodata), on its own so the engine optimises it for exactly these
 * arrays. `slow` codes a pixel with a value at either end of the range.
 */
export function magnitudeKernel3(
  A: Uint8Array,
  B: Uint8Array,
  out: Uint8Array,
  hist: Uint32Array,
  adj: Float64Array,
  cens: Uint8Array,
  fine: Uint8Array,
  coarse: Uint8Array,
  /** Pixels to use (1), width × height; empty for all. */
  aoi: Uint8Array,
  w: number,
  h: number,
  aw: number,
  ah: number,
  dx: number,
  dy: number,
  beforeStride: number,
  beforeCol0: number,
  slow: (a0: number, p0: number, a1: number, p1: number, a2: number, p2: number) => number,
): void {
  const cStart = Math.max(0, -dx);
  const cEnd = Math.min(w, aw - dx);
  const masked = aoi.length > 0;
  for (let r = 0; r < h; r++) {
    const y = r + dy;
    if (y < 0 || y >= ah) continue;
    let bi = (r * beforeStride + beforeCol0 + cStart) * 3;
    let ai = (y * aw + cStart + dx) * 3;
    for (let c = cStart, o = r * w + cStart; c < cEnd; c++, o++, bi += 3, ai += 3) {
      if (masked && aoi[o] === 0) continue;
      const a0 = A[ai]!;
      const a1 = A[ai + 1]!;
      const a2 = A[ai + 2]!;
      const p0 = B[bi]!;
      const p1 = B[bi + 1]!;
      const p2 = B[bi + 2]!;
      let q: number;
      if ((cens[a0]! | cens[a1]! | cens[a2]! | cens[p0]! | cens[p1]! | cens[p2]!) === 0) {
        const d0 = adj[a0]! - p0;
        const d1 = adj[256 + a1]! - p1;
        const d2 = adj[512 + a2]! - p2;
        const sq = d0 * d0 + d1 * d1 + d2 * d2;
        q = sq < 1024 ? fine[(sq * 4 + 0.5) | 0]! : sq < 1048560 ? coarse[(sq / 16 + 0.5) | 0]! : slow(a0, p0, a1, p1, a2, p2) | 0;
      } else q = slow(a0, p0, a1, p1, a2, p2) | 0;
      out[o] = q;
      hist[q]!++;
    }
  }
}
