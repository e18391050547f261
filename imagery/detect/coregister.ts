// Co-registration of the after scene onto the before scene: the shift between
// them inside the area, by phase correlation (Kuglin & Hines) of the two
// scenes on the before grid, refined to a twentieth of a pixel by evaluating
// the correlation surface's inverse transform on a fine grid around its peak
// (Guizar-Sicairos, Thurman & Fienup's matrix-multiply DFT).
//
// Both scenes are reduced to one image: the mean over the compared bands of
// each band's standardised values (so a brighter or hazier date weighs the
// same), with pixels missing in either filled by the mean. Phase correlation
// whitens the spectrum, so it keys on edges and texture, which a change of
// season or radiometry leaves in place.
//
// Confidence: the peak's height over the next-highest peak more than 6 pixels
// away. Real shifts of well-textured scenes give 3 and more; a pair with
// nothing in common gives about 1.

export interface Registration {
  /** The after scene's content sits this far from the before scene's (before pixels; +x right, +y down). */
  dx: number;
  dy: number;
  /** Peak over the next peak; ≥ MIN_CONFIDENCE is taken as registered. */
  confidence: number;
  /** Side of the square window correlated (pixels). */
  window: number;
  /** Whether the shift was corrected before differencing. */
  applied: boolean;
  /** Why it was not applied, for the analyst. */
  reason: string | null;
}

export const MIN_CONFIDENCE = 2;
/**
 * Shifts under this (pixels) are left alone: they make little false change,
 * resampling blurs the after scene, and a large change inside a small window
 * pulls the estimate by about a tenth of a pixel.
 */
export const MIN_SHIFT = 0.25;
const UPSAMPLE = 20;
/** Frequencies kept, as a share of the Nyquist frequency (radially). */
const CUTOFF = 0.5;
/** The low-passed peak is about 2 / CUTOFF pixels wide: the next peak is looked for beyond this. */
const PEAK_RADIUS = 6;

/** In-place radix-2 FFT of one complex line (re, im) of length n (a power of 2). */
function fft1(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

/** 2-D FFT of an n × n complex image, rows then columns, in place. */
function fft2(re: Float64Array, im: Float64Array, n: number, inverse: boolean): void {
  const r = new Float64Array(n);
  const i = new Float64Array(n);
  for (let y = 0; y < n; y++) {
    r.set(re.subarray(y * n, y * n + n));
    i.set(im.subarray(y * n, y * n + n));
    fft1(r, i, inverse);
    re.set(r, y * n);
    im.set(i, y * n);
  }
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      r[y] = re[y * n + x]!;
      i[y] = im[y * n + x]!;
    }
    fft1(r, i, inverse);
    for (let y = 0; y < n; y++) {
      re[y * n + x] = r[y]!;
      im[y * n + x] = i[y]!;
    }
  }
}

/**
 * One image from the compared bands: each band standardised over the pixels
 * both scenes have, then averaged; missing pixels (NaN in either) are 0.
 */
function reduce(values: Float32Array, other: Float32Array, nb: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  const valid = (p: number) => !Number.isNaN(values[p * nb]!) && !Number.isNaN(other[p * nb]!);
  for (let b = 0; b < nb; b++) {
    let s = 0;
    let ss = 0;
    let count = 0;
    for (let p = 0; p < n * n; p++) {
      if (!valid(p)) continue;
      const v = values[p * nb + b]!;
      s += v;
      ss += v * v;
      count++;
    }
    if (count === 0) continue;
    const mean = s / count;
    const sd = Math.sqrt(Math.max(1e-12, ss / count - mean * mean));
    for (let p = 0; p < n * n; p++) if (valid(p)) out[p]! += (values[p * nb + b]! - mean) / sd / nb;
  }
  // A Hann window, so the image's edges do not correlate as a strong straight edge.
  for (let y = 0; y < n; y++) {
    const wy = 0.5 - 0.5 * Math.cos((2 * Math.PI * (y + 0.5)) / n);
    for (let x = 0; x < n; x++) out[y * n + x]! *= wy * (0.5 - 0.5 * Math.cos((2 * Math.PI * (x + 0.5)) / n));
  }
  return out;
}

/**
 * The shift of `after` relative to `before`: both n × n windows of the same
 * before-grid pixels, nb values a pixel (NaN where missing). Pure.
 */
export function estimateShift(before: Float32Array, after: Float32Array, nb: number, n: number): Omit<Registration, "applied" | "reason"> {
  const a = reduce(before, after, nb, n);
  const b = reduce(after, before, nb, n);
  const aIm = new Float64Array(n * n);
  const bIm = new Float64Array(n * n);
  fft2(a, aIm, n, false);
  fft2(b, bIm, n, false);
  // Normalised cross-power spectrum of after against before: its inverse peaks at after's shift.
  const freq = (k: number) => (k >= n / 2 ? k - n : k);
  const rRe = new Float64Array(n * n);
  const rIm = new Float64Array(n * n);
  // Only frequencies under half the Nyquist frequency, fading out smoothly: above them, resampling
  // (bilinear, a coarser grid) and noise leave phase that is not the shift's and pulls the peak to whole pixels.
  for (let k = 0; k < n * n; k++) {
    const fu = Math.abs(freq(k % n)) / (n / 2);
    const fv = Math.abs(freq(Math.floor(k / n))) / (n / 2);
    const f = Math.hypot(fu, fv);
    const weight = f >= CUTOFF ? 0 : f <= CUTOFF / 2 ? 1 : 0.5 + 0.5 * Math.cos((Math.PI * (f - CUTOFF / 2)) / (CUTOFF / 2));
    if (weight === 0) continue;
    const re = b[k]! * a[k]! + bIm[k]! * aIm[k]!;
    const im = bIm[k]! * a[k]! - b[k]! * aIm[k]!;
    const mag = Math.hypot(re, im) + 1e-12;
    rRe[k] = (weight * re) / mag;
    rIm[k] = (weight * im) / mag;
  }
  const cRe = Float64Array.from(rRe);
  const cIm = Float64Array.from(rIm);
  fft2(cRe, cIm, n, true);
  let peak = 0;
  let px = 0;
  let py = 0;
  for (let k = 0; k < n * n; k++) {
    if (cRe[k]! > cRe[peak]!) peak = k;
  }
  px = peak % n;
  py = Math.floor(peak / n);
  /** A cyclic offset in -n/2..n/2. */
  const wrap = (v: number) => {
    const m = ((v % n) + n) % n;
    return m > n / 2 ? m - n : m;
  };
  let second = 0;
  for (let k = 0; k < n * n; k++) {
    const dx = Math.abs(wrap((k % n) - px));
    const dy = Math.abs(wrap(Math.floor(k / n) - py));
    if ((dx > PEAK_RADIUS || dy > PEAK_RADIUS) && cRe[k]! > second) second = cRe[k]!;
  }
  // Refine: the inverse DFT on a grid of 1/UPSAMPLE pixels over ±1.5 pixels around the peak.
  const x0 = wrap(px);
  const y0 = wrap(py);
  const m = 3 * UPSAMPLE + 1;
  const offs = Float64Array.from({ length: m }, (_, i) => (i - (m - 1) / 2) / UPSAMPLE);
  // T[u][j] = Σ_v R[v][u] e^{2πi v (y0 + offs[j]) / n}
  const tRe = new Float64Array(n * m);
  const tIm = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    const y = y0 + offs[j]!;
    for (let v = 0; v < n; v++) {
      const ang = (2 * Math.PI * freq(v) * y) / n;
      const c = Math.cos(ang);
      const s = Math.sin(ang);
      const row = v * n;
      for (let u = 0; u < n; u++) {
        const re = rRe[row + u]!;
        const im = rIm[row + u]!;
        tRe[u * m + j]! += re * c - im * s;
        tIm[u * m + j]! += re * s + im * c;
      }
    }
  }
  let best = -Infinity;
  let bx = x0;
  let by = y0;
  for (let i = 0; i < m; i++) {
    const x = x0 + offs[i]!;
    const cs = new Float64Array(n);
    const sn = new Float64Array(n);
    for (let u = 0; u < n; u++) {
      const ang = (2 * Math.PI * freq(u) * x) / n;
      cs[u] = Math.cos(ang);
      sn[u] = Math.sin(ang);
    }
    for (let j = 0; j < m; j++) {
      let re = 0;
      for (let u = 0; u < n; u++) re += tRe[u * m + j]! * cs[u]! - tIm[u * m + j]! * sn[u]!;
      if (re > best) {
        best = re;
        bx = x;
        by = y0 + offs[j]!;
      }
    }
  }
  // The refined peak's height (the same scale as the inverse transform's) over the next peak.
  return { dx: bx, dy: by, confidence: best / Math.max(second, 1e-12), window: n };
}

/** Largest window correlated, and the smallest worth correlating (pixels a side; powers of 2). */
const MAX_WINDOW = 256;
const MIN_WINDOW = 64;

/**
 * Registers a pair on its working window (width × height before pixels):
 * correlates the largest centred square window that fits, and decides whether
 * to correct the shift. `correlate` gives the window's pixels of both scenes
 * (nb values a pixel, NaN where missing), or null when the after scene has none there.
 */
export async function registerPair(args: {
  width: number;
  height: number;
  bands: number;
  enabled: boolean;
  correlate: (col0: number, row0: number, n: number) => Promise<{ before: Float32Array; after: Float32Array } | null>;
}): Promise<Registration> {
  const none = (reason: string, r?: Omit<Registration, "applied" | "reason">): Registration => ({ dx: 0, dy: 0, confidence: 0, window: 0, ...r, applied: false, reason });
  if (!args.enabled) return none("registration was turned off");
  let n = MAX_WINDOW;
  while (n > Math.min(args.width, args.height)) n /= 2;
  if (n < MIN_WINDOW) return none(`the area is too small to register (under ${MIN_WINDOW} pixels a side)`);
  const pixels = await args.correlate(Math.floor((args.width - n) / 2), Math.floor((args.height - n) / 2), n);
  if (!pixels) return none("the scenes do not overlap in the middle of the area");
  let valid = 0;
  for (let p = 0; p < n * n; p++) if (!Number.isNaN(pixels.before[p * args.bands]!) && !Number.isNaN(pixels.after[p * args.bands]!)) valid++;
  if (valid < 0.5 * n * n) return none("too little of the middle of the area has both scenes to register them");
  const r = estimateShift(pixels.before, pixels.after, args.bands, n);
  const rounded = { ...r, dx: Math.round(r.dx * 100) / 100, dy: Math.round(r.dy * 100) / 100, confidence: Math.round(r.confidence * 100) / 100 };
  if (r.confidence < MIN_CONFIDENCE) return none("the scenes could not be registered: no clear match between them", rounded);
  if (Math.hypot(r.dx, r.dy) > n / 4) return none("the shift found is too large to be trusted", rounded);
  if (Math.hypot(r.dx, r.dy) < MIN_SHIFT) return { ...rounded, applied: false, reason: "already registered (under a quarter of a pixel apart)" };
  return { ...rounded, applied: true, reason: null };
}
