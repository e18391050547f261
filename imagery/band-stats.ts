// Per-band statistics for the display stretch, ignoring nodata and NaN.
export interface BandStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  /** 2nd and 98th percentiles: the default contrast stretch. */
  p2: number;
  p98: number;
  validCount: number;
}

type NumericArray = ArrayLike<number>;

export function computeBandStats(values: NumericArray, nodata: number | null): BandStats {
  const valid: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || v === nodata) continue;
    valid.push(v);
  }
  if (valid.length === 0) return { min: 0, max: 0, mean: 0, std: 0, p2: 0, p98: 0, validCount: 0 };
  const sorted = Float64Array.from(valid).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / sorted.length;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return {
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean,
    std: Math.sqrt(sq / sorted.length),
    p2: pick(0.02),
    p98: pick(0.98),
    validCount: sorted.length,
  };
}
