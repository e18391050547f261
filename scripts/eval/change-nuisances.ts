// The nuisances of real pairs (issue 19), applied to the after content of
// npm run eval:change: misregistration, gamma + haze + per-band gain, NIR
// brightening of vegetation (phenology), clouds with offset shadows. Each
// works on pixel-interleaved bytes of the mosaic's grid; the coarser and
// other-CRS after scenes are made from the written files by gdalwarp.
import { gaussian } from "./change-scenes";
import { mulberry32 } from "../bench/bench-support";

export interface Raster {
  width: number;
  height: number;
  bands: number;
  data: Uint8Array;
}

const clip = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** The content moved by (dx, dy) pixels (bilinear), the georeferencing unchanged: what a pair a pixel or two apart looks like. */
export function misregister(r: Raster, dx: number, dy: number): Uint8Array {
  const { width: W, height: H, bands: nb, data } = r;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const sx = Math.min(W - 1, Math.max(0, x - dx));
      const sy = Math.min(H - 1, Math.max(0, y - dy));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(W - 1, x0 + 1);
      const y1 = Math.min(H - 1, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let b = 0; b < nb; b++) {
        const v =
          (data[(y0 * W + x0) * nb + b]! * (1 - fx) + data[(y0 * W + x1) * nb + b]! * fx) * (1 - fy) +
          (data[(y1 * W + x0) * nb + b]! * (1 - fx) + data[(y1 * W + x1) * nb + b]! * fx) * fy;
        out[(y * W + x) * nb + b] = clip(v);
      }
    }
  }
  return out;
}

/** Another sensor through haze: per band v' = 255 · gain · (v / 255)^gamma + haze (haze strongest in blue). */
export const GAMMA = [0.8, 0.85, 1.2, 0.9, 1.15, 0.75];
export const BAND_GAIN = [1.1, 0.95, 1.05, 1.2, 0.9, 1.0];
export const HAZE = [28, 22, 16, 6, 3, 2];
export function gammaHaze(r: Raster): Uint8Array {
  const nb = r.bands;
  const lut = Array.from({ length: nb }, (_, b) => Uint8Array.from({ length: 256 }, (_, v) => clip(255 * BAND_GAIN[b]! * (v / 255) ** GAMMA[b]! + HAZE[b]!)));
  const out = new Uint8Array(r.data.length);
  for (let i = 0; i < r.data.length; i++) out[i] = lut[i % nb]![r.data[i]!]!;
  return out;
}

/** Vegetation (DN NDVI ≥ 0.3) brighter in the near infrared by 25–45 %, varying smoothly over the scene: another season, not a change. */
export const NIR = 3; // 0-based: Landsat band 4
export const RED = 2;
export function nirPhenology(r: Raster): { data: Uint8Array; pixels: number } {
  const { width: W, bands: nb, data } = r;
  const out = Uint8Array.from(data);
  let pixels = 0;
  for (let i = 0, p = 0; i < data.length; i += nb, p++) {
    const nir = data[i + NIR]!;
    const red = data[i + RED]!;
    if (nir + red === 0 || (nir - red) / (nir + red) < 0.3) continue;
    const x = p % W;
    const y = Math.floor(p / W);
    const factor = 1.35 + 0.1 * Math.sin(x / 97) * Math.cos(y / 131);
    out[i + NIR] = clip(nir * factor);
    pixels++;
  }
  return { data: out, pixels };
}

export interface Clouds {
  data: Uint8Array;
  /** Per pixel: 1 under a cloud, 2 under a shadow (opacity ≥ 5 %), else 0. */
  mask: Uint8Array;
  count: number;
}

/** Where clouds may go: 1 for a pixel that must stay clear (a truth object and its surroundings). */
export type Keep = Uint8Array;

const CLOUD = [236, 232, 230, 226, 222, 214];
/** The sun's direction: shadows fall this many pixels right and down of their clouds. */
export const SHADOW_OFFSET: [number, number] = [14, 9];

/**
 * `count` soft-edged, lumpy clouds (radius 8–18 px, opaque in the middle, a
 * cosine fall-off over the outer 40 %) blended towards white, each with its
 * shadow (the same shape, SHADOW_OFFSET away, darkening by up to half), kept
 * clear of `keep`.
 */
export function cloudsAndShadows(r: Raster, keep: Keep, count: number, seed: number): Clouds {
  const { width: W, height: H, bands: nb } = r;
  const rand = mulberry32(seed);
  const jitter = gaussian(mulberry32(seed + 1));
  const cloudAlpha = new Float32Array(W * H);
  let placed = 0;
  for (let tries = 0; tries < 2000 && placed < count; tries++) {
    const radius = 8 + rand() * 10;
    const lumps = Array.from({ length: 3 }, () => ({ x: jitter() * radius * 0.35, y: jitter() * radius * 0.35, r: radius * (0.6 + rand() * 0.4) }));
    const cx = radius + 2 + rand() * (W - 2 * radius - 4 - SHADOW_OFFSET[0]);
    const cy = radius + 2 + rand() * (H - 2 * radius - 4 - SHADOW_OFFSET[1]);
    const alphaAt = (x: number, y: number) => {
      let a = 0;
      for (const l of lumps) {
        const d = Math.hypot(x - cx - l.x, y - cy - l.y) / l.r;
        const v = d <= 0.6 ? 1 : d >= 1 ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * (d - 0.6)) / 0.4);
        a = Math.max(a, v);
      }
      return a;
    };
    const x0 = Math.max(0, Math.floor(cx - radius * 1.6));
    const x1 = Math.min(W, Math.ceil(cx + radius * 1.6) + SHADOW_OFFSET[0] + 1);
    const y0 = Math.max(0, Math.floor(cy - radius * 1.6));
    const y1 = Math.min(H, Math.ceil(cy + radius * 1.6) + SHADOW_OFFSET[1] + 1);
    let clear = true;
    for (let y = y0; y < y1 && clear; y++) for (let x = x0; x < x1; x++) if (keep[y * W + x] || cloudAlpha[y * W + x]! > 0) clear = false;
    if (!clear) continue;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) cloudAlpha[y * W + x] = alphaAt(x, y);
    placed++;
  }
  const data = Uint8Array.from(r.data);
  const mask = new Uint8Array(W * H);
  const [sx, sy] = SHADOW_OFFSET;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      const shadow = x >= sx && y >= sy ? cloudAlpha[(y - sy) * W + x - sx]! : 0;
      const cloud = cloudAlpha[p]!;
      for (let b = 0; b < nb; b++) {
        let v = data[p * nb + b]! * (1 - 0.5 * shadow);
        v = v * (1 - cloud) + CLOUD[b]! * cloud;
        data[p * nb + b] = clip(v);
      }
      if (cloud >= 0.05) mask[p] = 1;
      else if (shadow >= 0.05) mask[p] = 2;
    }
  }
  return { data, mask, count: placed };
}

/** A mask of the truth objects grown by `margin` pixels plus the shadow offset, where clouds must not go. */
export function keepClear(truth: Int32Array, width: number, height: number, margin: number): Keep {
  const keep = new Uint8Array(width * height);
  for (let p = 0; p < truth.length; p++) {
    if (!truth[p]) continue;
    const x = p % width;
    const y = Math.floor(p / width);
    for (let yy = Math.max(0, y - margin - SHADOW_OFFSET[1]); yy <= Math.min(height - 1, y + margin); yy++) {
      keep.fill(1, yy * width + Math.max(0, x - margin - SHADOW_OFFSET[0]), yy * width + Math.min(width, x + margin + 1));
    }
  }
  return keep;
}

/** Gaussian noise (σ) only, rounded and clipped: the sensor's noise without the standard brightness shift. */
export function noiseOnly(data: Uint8Array, sigma: number, seed: number): Uint8Array {
  const noise = gaussian(mulberry32(seed));
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = clip(data[i]! + sigma * noise());
  return out;
}
