// Where "changed" begins: a threshold on the change magnitude, chosen from its
// histogram. Magnitudes are kept log-quantised in a byte (q = 1 + round(k ·
// log2(1 + m)), 0 = no data), so the histogram has 256 bins over the whole
// range at a constant relative step.
//
// Two automatic choices, the larger wins:
// - Otsu's split of the (log) histogram: where change is a real second mode;
// - a noise floor, median + 6 robust standard deviations (MAD × 1.4826): on a
//   pair without change Otsu splits the noise itself, and this keeps it out.
// `sensitivity` (0..1, 0.5 = the automatic threshold) scales it from 2× (0) to
// ½× (1), geometrically.

export const NOISE_SIGMAS = 6;

export interface Quantiser {
  /** Scale of the log quantisation. */
  k: number;
  /** Byte code of a magnitude (1..255). */
  encode(m: number): number;
  /** Magnitude at the centre of a code. */
  decode(q: number): number;
}

/** A quantiser that spans magnitudes 0..maxMagnitude in codes 1..255. */
export function quantiser(maxMagnitude: number): Quantiser {
  const k = 254 / Math.log2(1 + Math.max(1e-9, maxMagnitude));
  return {
    k,
    encode: (m) => Math.min(255, 1 + Math.round(k * Math.log2(1 + m))),
    decode: (q) => (q <= 0 ? 0 : 2 ** ((q - 1) / k) - 1),
  };
}

/** Otsu's threshold over histogram bins: the first bin of the upper class (bins 1..255; bin 0 is ignored). */
export function otsuBin(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 1; i < hist.length; i++) {
    total += hist[i]!;
    sum += i * hist[i]!;
  }
  if (total === 0) return hist.length;
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let bestBin = hist.length;
  for (let t = 1; t < hist.length - 1; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestBin = t + 1;
    }
  }
  return bestBin;
}

/** The value at a quantile of a histogram (bins 1..255), through `decode`. */
export function histogramQuantile(hist: ArrayLike<number>, quantile: number, decode: (bin: number) => number): number {
  let total = 0;
  for (let i = 1; i < hist.length; i++) total += hist[i]!;
  if (total === 0) return 0;
  const target = quantile * total;
  let acc = 0;
  for (let i = 1; i < hist.length; i++) {
    acc += hist[i]!;
    if (acc >= target) return decode(i);
  }
  return decode(hist.length - 1);
}

/** Median + NOISE_SIGMAS robust standard deviations of the magnitudes in the histogram. */
export function noiseFloor(hist: ArrayLike<number>, decode: (bin: number) => number): number {
  const median = histogramQuantile(hist, 0.5, decode);
  // The MAD from a histogram: the median of |m - median|, found by bisection on the deviation.
  let total = 0;
  for (let i = 1; i < hist.length; i++) total += hist[i]!;
  if (total === 0) return 0;
  const within = (d: number) => {
    let n = 0;
    for (let i = 1; i < hist.length; i++) if (Math.abs(decode(i) - median) <= d) n += hist[i]!;
    return n;
  };
  let lo = 0;
  let hi = decode(hist.length - 1) + 1;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (within(mid) >= total / 2) hi = mid;
    else lo = mid;
  }
  return median + NOISE_SIGMAS * 1.4826 * hi;
}

export interface ThresholdChoice {
  /** The threshold applied, in magnitude units. */
  threshold: number;
  otsu: number;
  noiseFloor: number;
  sensitivity: number;
}

/**
 * The magnitude threshold for a histogram of codes and a sensitivity (0..1).
 * `minimum` is the smallest change that can mean anything for the data (a few
 * grey levels for integer imagery), so a pair without noise (an unchanged copy
 * with things painted in) does not call every rounding difference a change.
 */
export function chooseThreshold(hist: ArrayLike<number>, q: Pick<Quantiser, "decode">, sensitivity: number, minimum = 0): ThresholdChoice {
  if (!(sensitivity >= 0 && sensitivity <= 1)) throw new RangeError("sensitivity must be between 0 and 1");
  // Otsu's boundary sits between two codes: the magnitude halfway (in log) between them.
  const bin = otsuBin(hist);
  const otsu = bin >= hist.length ? Infinity : q.decode(bin - 0.5);
  const floor = noiseFloor(hist, (i) => q.decode(i));
  const auto = Math.max(Number.isFinite(otsu) ? otsu : 0, floor, minimum);
  return { threshold: auto * 2 ** (1 - 2 * sensitivity), otsu, noiseFloor: floor, sensitivity };
}
