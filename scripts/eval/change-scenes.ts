// The synthetic change pairs of npm run eval:change (scripts/eval/change.ts):
// the Landsat mosaic, objects of known shape painted in, the brightness shift and noise.
import fs from "node:fs";
import path from "node:path";
import { fromFile, writeArrayBuffer } from "geotiff";
import { mulberry32, ROOT } from "../bench/bench-support";

export const SOURCE = path.join(ROOT, "tests/fixtures/imagery/L7_ETMs.tif");
export const EPSG = 31985;
export const MOSAIC = 3; // tiles a side
export const GAP = 3; // px between objects
export const MARGIN = 3; // px from the scene's edge
export const GAIN = 1.12;
export const OFFSET = 10;
export const NOISE_SIGMA = 2.5;
export const MIN_CONTRAST = 30; // mean over the object of the largest band |after − before|
export const MIN_PIXEL_CHANGE = 25; // change vector length most pixels must reach…
export const MIN_PIXEL_SHARE = 0.95; // …this share of them
export const IOU = 0.5;
export const WEAK_BLEND: [number, number] = [0.3, 1];
export const TARGETS = { precision: 0.95, recall: 0.95, noChangeCandidates: 0 };
export const COUNTS = { rect: 30, L: 25, ring: 20, blob: 150 } as const;
export const SEED = 20_240_611;

export type Shape = keyof typeof COUNTS;
export type Material = "roof" | "burn";

export interface TruthObject {
  id: number;
  shape: Shape;
  material: Material;
  /** [col0, row0, col1, row1), exclusive ends. */
  bbox: [number, number, number, number];
  pixels: number;
  /** Mean over the object of the largest band |painted − before| (grey levels). */
  contrast: number;
  /** The same over bands 3, 2, 1 only. */
  contrastRgb: number;
  /** Share of the way from the before pixels to the material (1 = the material itself). */
  strength: number;
}

// ---------- deterministic randomness ----------

export function gaussian(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = rand() || 1e-12;
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export const randInt = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

// ---------- scenes ----------

export interface Scene {
  width: number;
  height: number;
  bands: number;
  data: Uint8Array; // pixel-interleaved
  origin: [number, number];
  resolution: [number, number];
}

export async function readSource(): Promise<Scene> {
  const tiff = await fromFile(SOURCE);
  try {
    const image = await tiff.getImage(0);
    const data = (await image.readRasters({ interleave: true })) as unknown as Uint8Array;
    const [ox, oy] = image.getOrigin();
    const [rx, ry] = image.getResolution();
    return { width: image.getWidth(), height: image.getHeight(), bands: image.getSamplesPerPixel(), data: Uint8Array.from(data), origin: [ox!, oy!], resolution: [rx!, ry!] };
  } finally {
    await tiff.close();
  }
}

/** The scene mirrored n × n (odd tiles flipped), so the mosaic has no seams. */
export function mirrorMosaic(src: Scene, n: number): Scene {
  const W = src.width * n;
  const H = src.height * n;
  const nb = src.bands;
  const data = new Uint8Array(W * H * nb);
  for (let y = 0; y < H; y++) {
    const ty = Math.floor(y / src.height);
    let sy = y % src.height;
    if (ty % 2) sy = src.height - 1 - sy;
    for (let x = 0; x < W; x++) {
      const tx = Math.floor(x / src.width);
      let sx = x % src.width;
      if (tx % 2) sx = src.width - 1 - sx;
      const si = (sy * src.width + sx) * nb;
      data.set(src.data.subarray(si, si + nb), (y * W + x) * nb);
    }
  }
  return { ...src, width: W, height: H, data };
}

export function writeScene(scene: Scene, data: Uint8Array, file: string): void {
  const nb = scene.bands;
  const buffer = writeArrayBuffer(data, {
    width: scene.width,
    height: scene.height,
    SamplesPerPixel: nb,
    BitsPerSample: Array(nb).fill(8),
    PlanarConfiguration: 1,
    PhotometricInterpretation: 1,
    ExtraSamples: Array(nb - 1).fill(0),
    ModelPixelScale: [scene.resolution[0], -scene.resolution[1], 0],
    ModelTiepoint: [0, 0, 0, scene.origin[0], scene.origin[1], 0],
    GTModelTypeGeoKey: 1,
    GTRasterTypeGeoKey: 1,
    ProjectedCSTypeGeoKey: EPSG,
  });
  fs.writeFileSync(file, Buffer.from(buffer));
}

// ---------- shapes ----------

/** A shape as a w × h 0/1 mask. */
export function makeShape(shape: Shape, rand: () => number): { w: number; h: number; m: Uint8Array } {
  let w: number, h: number;
  let inside: (x: number, y: number) => boolean;
  switch (shape) {
    case "rect":
      w = randInt(rand, 8, 30);
      h = randInt(rand, 8, 30);
      inside = () => true;
      break;
    case "L": {
      w = randInt(rand, 12, 28);
      h = randInt(rand, 12, 28);
      const t = randInt(rand, 4, 7);
      const corner = randInt(rand, 0, 3); // where the two arms meet
      const W = w;
      const H = h;
      inside = (x, y) => {
        const cx = corner & 1 ? W - 1 - x : x;
        const cy = corner & 2 ? H - 1 - y : y;
        return cx < t || cy < t;
      };
      break;
    }
    case "ring": {
      const t = randInt(rand, 3, 5);
      w = randInt(rand, 2 * t + 5, 28);
      h = randInt(rand, 2 * t + 5, 28);
      const W = w;
      const H = h;
      inside = (x, y) => x < t || y < t || x >= W - t || y >= H - t;
      break;
    }
    case "blob": {
      w = randInt(rand, 4, 7);
      h = Math.max(4, Math.min(7, w + randInt(rand, -1, 1)));
      const W = w;
      const H = h;
      // Rounded: corner pixels off from 5 px up.
      inside = (x, y) => !(W >= 5 && H >= 5 && (x === 0 || x === W - 1) && (y === 0 || y === H - 1));
      break;
    }
  }
  const m = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = inside(x, y) ? 1 : 0;
  return { w, h, m };
}

export const ROOF = [165, 158, 170, 140, 175, 160];
export const BURN = [58, 42, 36, 16, 50, 45];

export interface Painted {
  before: Uint8Array;
  changed: Uint8Array; // before with the objects painted in (before the shift and noise)
  truth: Int32Array; // 0, or object id + 1
  objects: TruthObject[];
  attempts: number;
  rejected: { contrast: number; notVegetation: number; overlap: number };
}

/**
 * `blend`: each object's painted values are before + s · (material − before),
 * s drawn per object in [blend[0], blend[1]] (weaker changes, contrast down
 * to the acceptance limit); null paints the material itself.
 */
export function paintObjects(scene: Scene, blend: [number, number] | null, seed: number): Painted {
  const { width: W, height: H, bands: nb, data } = scene;
  const rand = mulberry32(seed);
  const texture = gaussian(mulberry32(seed + 1));
  const changed = Uint8Array.from(data);
  const truth = new Int32Array(W * H);
  const occupied = new Uint8Array(W * H); // objects grown by GAP
  const objects: TruthObject[] = [];
  const rejected = { contrast: 0, notVegetation: 0, overlap: 0 };
  let attempts = 0;
  const order: Shape[] = [];
  for (const [shape, n] of Object.entries(COUNTS) as [Shape, number][]) for (let i = 0; i < n; i++) order.push(shape);
  // Large shapes first, so the blobs fill in around them.
  for (const shape of order) {
    for (let tries = 0; tries < 200; tries++) {
      attempts++;
      const { w, h, m } = makeShape(shape, rand);
      const material: Material = rand() < 0.5 ? "roof" : "burn";
      const c0 = randInt(rand, MARGIN, W - MARGIN - w);
      const r0 = randInt(rand, MARGIN, H - MARGIN - h);
      let free = true;
      for (let y = r0; y < r0 + h && free; y++) {
        for (let x = c0; x < c0 + w; x++) {
          if (occupied[y * W + x]) {
            free = false;
            rejected.overlap++;
          }
        }
      }
      if (!free) continue;
      // Painted values: a per-object spectrum with slight per-pixel texture.
      const base = material === "roof" ? ROOF.map((v) => v + (rand() - 0.5) * 16) : BURN.map((v) => v + (rand() - 0.5) * 10);
      const shift = material === "roof" ? (rand() - 0.5) * 40 : (rand() - 0.5) * 8;
      const strength = blend ? blend[0] + rand() * (blend[1] - blend[0]) : 1;
      const values = new Uint8Array(w * h * nb);
      let sumMax = 0;
      let sumMaxRgb = 0;
      let strong = 0;
      let n = 0;
      let nirSum = 0;
      let water = false;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!m[y * w + x]) continue;
          const bi = ((r0 + y) * W + c0 + x) * nb;
          const common = texture() * (material === "roof" ? 4 : 2);
          let maxD = 0;
          let maxRgb = 0;
          let ss = 0;
          for (let b = 0; b < nb; b++) {
            const target = base[b]! + shift + common + texture() * 2;
            const v = Math.max(0, Math.min(255, Math.round(data[bi + b]! + strength * (target - data[bi + b]!))));
            values[(y * w + x) * nb + b] = v;
            const d = Math.abs(v - data[bi + b]!);
            maxD = Math.max(maxD, d);
            if (b <= 2) maxRgb = Math.max(maxRgb, d);
            ss += d * d;
          }
          sumMax += maxD;
          sumMaxRgb += maxRgb;
          if (Math.sqrt(ss) >= MIN_PIXEL_CHANGE) strong++;
          nirSum += data[bi + 3]!;
          if (data[bi + 3]! < 30) water = true;
          n++;
        }
      }
      if (material === "burn" && (water || nirSum / n < 50)) {
        rejected.notVegetation++;
        continue;
      }
      if (sumMax / n < MIN_CONTRAST || strong / n < MIN_PIXEL_SHARE) {
        rejected.contrast++;
        continue;
      }
      const id = objects.length;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!m[y * w + x]) continue;
          const o = (r0 + y) * W + c0 + x;
          changed.set(values.subarray((y * w + x) * nb, (y * w + x + 1) * nb), o * nb);
          truth[o] = id + 1;
        }
      }
      for (let y = Math.max(0, r0 - GAP); y < Math.min(H, r0 + h + GAP); y++) occupied.fill(1, y * W + Math.max(0, c0 - GAP), y * W + Math.min(W, c0 + w + GAP));
      objects.push({ id, shape, material, bbox: [c0, r0, c0 + w, r0 + h], pixels: n, contrast: sumMax / n, contrastRgb: sumMaxRgb / n, strength });
      break;
    }
  }
  return { before: data, changed, truth, objects, attempts, rejected };
}

/** after = clip(round(GAIN · x + OFFSET + noise)); counts the samples clipped. */
export function shiftAndNoise(data: Uint8Array, seed: number): { out: Uint8Array; clippedHigh: number; clippedLow: number } {
  const noise = gaussian(mulberry32(seed));
  const out = new Uint8Array(data.length);
  let clippedHigh = 0;
  let clippedLow = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.round(GAIN * data[i]! + OFFSET + NOISE_SIGMA * noise());
    if (v > 255) {
      out[i] = 255;
      clippedHigh++;
    } else if (v < 0) {
      out[i] = 0;
      clippedLow++;
    } else out[i] = v;
  }
  return { out, clippedHigh, clippedLow };
}
