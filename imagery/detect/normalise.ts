// Radiometric normalisation of the after scene onto the before scene, so a
// brighter, hazier or differently calibrated second date does not read as
// change. Fitted on a sample of pixel pairs (before, after) already on one grid.
//
// Methods (chosen by measurement: see docs/decisions/0007-change-detection.md):
// - "robust-linear" (default): per band, after' = gain · after + offset, with
//   gain and offset matching the mean and spread of the pixels that are probably
//   unchanged: refitted five times, each time keeping the pixels whose residual
//   change is within 3 robust standard deviations of the median.
// - "robust-piecewise": the robust-linear fit's probably-unchanged pixels, then
//   per band a monotone curve matching the after values' quantiles to the
//   before values' on those pixels only (rank-based, 17 knots), refitted three
//   times with the pixels kept as above: it follows gamma and haze, which bend
//   the relation between the dates where a line cannot.
// - "global-linear": the same fit once on all pixels (changes pull it).
// - "histogram": per-band histogram matching (after's quantiles to before's).
// - "none".
// A normalisation is a per-band lookup on a uniform grid of after values,
// linear between entries and extrapolated linearly past the ends.

export type NormalisationMethod = "robust-piecewise" | "robust-linear" | "global-linear" | "histogram" | "none";
export const NORMALISATION_METHODS: NormalisationMethod[] = ["robust-linear", "robust-piecewise", "global-linear", "histogram", "none"];

export interface BandLut {
  x0: number;
  step: number;
  values: number[];
}

export interface Normalisation {
  method: NormalisationMethod;
  bands: BandLut[];
  /** For the linear methods: after' = gain · after + offset, per band. */
  gains?: number[];
  offsets?: number[];
  /** Share of the sample kept as "probably unchanged" by the robust fit. */
  keptShare?: number;
}

export function evalLut(lut: BandLut, x: number): number {
  const n = lut.values.length;
  let t = (x - lut.x0) / lut.step;
  let i = Math.floor(t);
  if (i < 0) i = 0;
  else if (i > n - 2) i = n - 2;
  t -= i;
  return lut.values[i]! + (lut.values[i + 1]! - lut.values[i]!) * t;
}

function linearLut(gain: number, offset: number): BandLut {
  return { x0: 0, step: 1, values: [offset, gain + offset] };
}

function meanStd(a: Float32Array, nb: number, b: number, keep: Uint8Array | null): [number, number] {
  let n = 0;
  let s = 0;
  let ss = 0;
  for (let i = 0, j = b; j < a.length; i++, j += nb) {
    if (keep && !keep[i]) continue;
    const v = a[j]!;
    n++;
    s += v;
    ss += v * v;
  }
  if (n === 0) return [0, 1];
  const mean = s / n;
  return [mean, Math.sqrt(Math.max(0, ss / n - mean * mean))];
}

function linearFit(before: Float32Array, after: Float32Array, nb: number, keep: Uint8Array | null): { gains: number[]; offsets: number[] } {
  const gains: number[] = [];
  const offsets: number[] = [];
  for (let b = 0; b < nb; b++) {
    const [mb, sb] = meanStd(before, nb, b, keep);
    const [ma, sa] = meanStd(after, nb, b, keep);
    const gain = sa > 1e-9 ? sb / sa : 1;
    gains.push(gain);
    offsets.push(mb - gain * ma);
  }
  return { gains, offsets };
}

/** The median (upper middle element), by quickselect on a copy: linear time. */
function median(values: Float64Array): number {
  const a = Float64Array.from(values);
  const k = Math.floor(a.length / 2);
  if (a.length === 0) return 0;
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot.
    const x = a[lo]!, y = a[mid]!, z = a[hi]!; // prettier-ignore
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function histogramLut(before: Float32Array, after: Float32Array, nb: number, b: number): BandLut {
  const n = before.length / nb;
  const bs = new Float32Array(n);
  const as = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    bs[i] = before[i * nb + b]!;
    as[i] = after[i * nb + b]!;
  }
  bs.sort();
  as.sort();
  const lo = as[0] ?? 0;
  const hi = as[n - 1] ?? 1;
  const entries = 1024;
  const step = hi > lo ? (hi - lo) / (entries - 1) : 1;
  const values: number[] = [];
  let k = 0;
  for (let e = 0; e < entries; e++) {
    const x = lo + e * step;
    while (k < n && as[k]! <= x) k++;
    const q = n ? Math.min(n - 1, Math.max(0, k - 1)) : 0;
    values.push(n ? bs[Math.round((q / Math.max(1, n - 1)) * (n - 1))]! : x);
  }
  return { x0: lo, step, values };
}

const PIECES = 16;

/**
 * Per band, a monotone curve matching the after values' quantiles to the
 * before values' on the kept (probably unchanged) pixels only: rank-based, so
 * it follows gamma and haze without the flattening a regression of one date on
 * the other suffers at the ends (noise in the after values pulls conditional
 * means towards the middle). Past the outer quantiles it continues with the
 * robust linear gain.
 */
function piecewiseLuts(before: Float32Array, after: Float32Array, nb: number, keep: Uint8Array, gains: number[]): BandLut[] {
  const n = before.length / nb;
  const luts: BandLut[] = [];
  for (let b = 0; b < nb; b++) {
    const av: number[] = [];
    const bv: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      av.push(after[i * nb + b]!);
      bv.push(before[i * nb + b]!);
    }
    const as = Float64Array.from(av).sort();
    const bs = Float64Array.from(bv).sort();
    const m = as.length;
    const q = (arr: Float64Array, p: number) => arr[Math.min(m - 1, Math.max(0, Math.round(p * (m - 1))))]!;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k <= PIECES; k++) {
      const p = 0.005 + (0.99 * k) / PIECES;
      const x = q(as, p);
      const y = q(bs, p);
      // Equal after values (a narrow band of bytes) share one knot.
      if (xs.length && x <= xs[xs.length - 1]!) {
        ys[ys.length - 1] = Math.max(ys[ys.length - 1]!, y);
        continue;
      }
      xs.push(x);
      ys.push(Math.max(y, ys[ys.length - 1] ?? -Infinity));
    }
    const g = gains[b] ?? 1;
    if (xs.length < 2) {
      luts.push(linearLut(g, (ys[0] ?? 0) - g * (xs[0] ?? 0)));
      continue;
    }
    // The ends continue with the linear gain, out to the data's range.
    const lo = as[0]!;
    const hi = as[m - 1]!;
    if (lo < xs[0]!) {
      ys.unshift(ys[0]! - g * (xs[0]! - lo));
      xs.unshift(lo);
    }
    if (hi > xs[xs.length - 1]!) {
      ys.push(ys[ys.length - 1]! + g * (hi - xs[xs.length - 1]!));
      xs.push(hi);
    }
    const entries = 256;
    const x0 = xs[0]!;
    const step = (xs[xs.length - 1]! - x0) / (entries - 1);
    const values: number[] = [];
    let k = 0;
    for (let e = 0; e < entries; e++) {
      const x = x0 + e * step;
      while (k < xs.length - 2 && x > xs[k + 1]!) k++;
      const t = (x - xs[k]!) / (xs[k + 1]! - xs[k]!);
      values.push(ys[k]! + t * (ys[k + 1]! - ys[k]!));
    }
    luts.push({ x0, step: step > 0 ? step : 1, values });
  }
  return luts;
}

/** Marks (1) the pairs whose change under `apply` is within 3 robust standard deviations of the median; returns the share kept. */
function keepProbablyUnchanged(before: Float32Array, after: Float32Array, nb: number, apply: (b: number, x: number) => number, keep: Uint8Array): number {
  const n = before.length / nb;
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let b = 0; b < nb; b++) {
      const d = before[i * nb + b]! - apply(b, after[i * nb + b]!);
      s += d * d;
    }
    residual[i] = Math.sqrt(s);
  }
  const med = median(residual);
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = Math.abs(residual[i]! - med);
  const mad = median(deviations) * 1.4826;
  const limit = med + 3 * Math.max(mad, 1e-6);
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i] = residual[i]! <= limit ? 1 : 0;
  return kept / n;
}

/** Fits a normalisation on `n` sample pairs, pixel-interleaved with `nb` bands. */
export function fitNormalisation(method: NormalisationMethod, before: Float32Array, after: Float32Array, nb: number): Normalisation {
  const n = before.length / nb;
  if (method === "none" || n < 16) {
    return { method, bands: Array.from({ length: nb }, () => linearLut(1, 0)), gains: Array(nb).fill(1), offsets: Array(nb).fill(0) };
  }
  if (method === "histogram") return { method, bands: Array.from({ length: nb }, (_, b) => histogramLut(before, after, nb, b)) };
  let fit = linearFit(before, after, nb, null);
  let keptShare = 1;
  const keep = new Uint8Array(n);
  if (method === "robust-linear" || method === "robust-piecewise") {
    for (let iteration = 0; iteration < 5; iteration++) {
      keptShare = keepProbablyUnchanged(before, after, nb, (b, x) => fit.gains[b]! * x + fit.offsets[b]!, keep);
      if (keptShare * n < 16) break;
      fit = linearFit(before, after, nb, keep);
    }
  }
  if (method === "robust-piecewise" && keptShare * n >= 16 * PIECES) {
    let luts = piecewiseLuts(before, after, nb, keep, fit.gains);
    for (let iteration = 0; iteration < 3; iteration++) {
      const current = luts;
      keptShare = keepProbablyUnchanged(before, after, nb, (b, x) => evalLut(current[b]!, x), keep);
      if (keptShare * n < 16 * PIECES) break;
      luts = piecewiseLuts(before, after, nb, keep, fit.gains);
    }
    return { method, bands: luts, gains: fit.gains, offsets: fit.offsets, keptShare };
  }
  return { method, bands: fit.gains.map((g, b) => linearLut(g, fit.offsets[b]!)), gains: fit.gains, offsets: fit.offsets, keptShare };
}
