// One 256-pixel Web Mercator tile of a scene, as WebP: the right level of the
// COG (the coarsest overview still as fine as the tile), only the blocks under
// the tile decoded, bilinear resampling (nearest for palette images), the
// band combination and contrast stretch asked for, and transparency outside
// the image and on nodata.
//
// Reprojection uses GDAL's approximation: exact transforms on a grid of
// points, bilinear in between, refined where that strays by more than 1/8 of
// a source pixel (near poles, across zones).
import sharp from "sharp";
import { ImageryError } from "../imagery-error";
import type { SampleArray } from "../cog/tile-encode";
import type { SourceInput } from "../source/byte-source";
import { openRenderSource, type Level, type RenderSource } from "./render-source";
import { isValidTile, TILE_PIXELS, tileBounds } from "./web-mercator";

export interface Stretch {
  min: number;
  max: number;
}

export interface RenderTileOptions {
  /** The scene's COG: a path on disk or a byte source. */
  scene: { file: SourceInput };
  z: number;
  x: number;
  y: number;
  /** 1-based band numbers: three for a colour composite, one for grey (or a palette image). */
  bands: number[];
  /** One per entry of `bands`: values at `min` show black, at `max` full intensity. Ignored for palette images. */
  stretch: Stretch[];
  /** WebP quality 0..100 (default 82); `lossless` for exact pixels. */
  quality?: number;
  lossless?: boolean;
}

export interface RenderedTile {
  webp: Buffer;
  /** Index of the COG level read (0 = full resolution). */
  level: number;
}

const N = TILE_PIXELS;
const MAX_ERROR_PX = 0.125;
/**
 * An overview up to 20 % coarser than the tile is still used, as GDAL does
 * (GDAL_OVERVIEW_OVERSAMPLING_THRESHOLD): the difference does not show, and it
 * reads a quarter of the pixels.
 */
const OVERSAMPLING_THRESHOLD = 1.2;

interface Grid {
  step: number;
  nodes: number;
  col: Float64Array;
  row: Float64Array;
}

function invertGt(gt: Level["gt"]): (x: number, y: number) => [number, number] {
  const [x0, a, b, y0, d, e] = gt;
  const det = a * e - b * d;
  return (x, y) => {
    const dx = x - x0;
    const dy = y - y0;
    return [(e * dx - b * dy) / det, (a * dy - d * dx) / det];
  };
}

/** Level-0 pixel coordinates of tile-pixel positions (0..256) on a grid of `step` pixels. */
function transformGrid(src: RenderSource, bounds: number[], step: number): Grid {
  const [minX, , , maxY] = bounds as [number, number, number, number];
  const res = (bounds[2]! - minX) / N;
  const toPixel = invertGt(src.levels[0]!.gt);
  const nodes = N / step + 1;
  const col = new Float64Array(nodes * nodes);
  const row = new Float64Array(nodes * nodes);
  for (let gy = 0; gy < nodes; gy++) {
    for (let gx = 0; gx < nodes; gx++) {
      let c = Number.NaN;
      let r = Number.NaN;
      try {
        const [sx, sy] = src.fromMercator([minX + gx * step * res, maxY - gy * step * res]);
        if (Number.isFinite(sx) && Number.isFinite(sy)) [c, r] = toPixel(sx, sy);
      } catch {
        // Outside the projection's domain: no pixel there.
      }
      col[gy * nodes + gx] = c;
      row[gy * nodes + gx] = r;
    }
  }
  return { step, nodes, col, row };
}

function interpolate(g: Grid, values: Float64Array, px: number, py: number): number {
  const u = px / g.step;
  const v = py / g.step;
  const gx = Math.min(g.nodes - 2, Math.floor(u));
  const gy = Math.min(g.nodes - 2, Math.floor(v));
  const fu = u - gx;
  const fv = v - gy;
  const i = gy * g.nodes + gx;
  return (values[i]! * (1 - fu) + values[i + 1]! * fu) * (1 - fv) + (values[i + g.nodes]! * (1 - fu) + values[i + g.nodes + 1]! * fu) * fv;
}

/** The coarsest grid whose interpolation stays within 1/8 pixel of the exact transform. */
function accurateGrid(src: RenderSource, bounds: number[]): Grid {
  for (const step of [32, 8]) {
    const grid = transformGrid(src, bounds, step);
    if (grid.col.some((c) => Number.isNaN(c))) continue;
    const fine = transformGrid(src, bounds, step / 2);
    let worst = 0;
    for (let gy = 1; gy < fine.nodes; gy += 2) {
      for (let gx = 1; gx < fine.nodes; gx += 2) {
        const i = gy * fine.nodes + gx;
        const px = gx * fine.step;
        const py = gy * fine.step;
        worst = Math.max(worst, Math.abs(interpolate(grid, grid.col, px, py) - fine.col[i]!), Math.abs(interpolate(grid, grid.row, px, py) - fine.row[i]!));
      }
    }
    if (worst <= MAX_ERROR_PX) return grid;
  }
  return transformGrid(src, bounds, 1);
}

function chooseLevel(src: RenderSource, g: Grid): number {
  // Source pixels per tile pixel, measured across the middle of the tile.
  const mid = Math.floor(g.nodes / 2) * g.nodes;
  let scale = Infinity;
  for (let i = mid; i < mid + g.nodes - 1; i++) {
    const d = Math.hypot(g.col[i + 1]! - g.col[i]!, g.row[i + 1]! - g.row[i]!) / g.step;
    if (Number.isFinite(d)) scale = Math.min(scale, d);
  }
  const w0 = src.levels[0]!.width;
  let chosen = 0;
  src.levels.forEach((l, i) => {
    if (w0 / l.width <= scale * OVERSAMPLING_THRESHOLD) chosen = i;
  });
  return chosen;
}

/** Reads the window [x0, x1) × [y0, y1) of a level, pixel-interleaved, from its cached blocks. */
async function readWindow(level: Level, samples: number, x0: number, y0: number, x1: number, y1: number): Promise<SampleArray> {
  const w = x1 - x0;
  const jobs: Promise<void>[] = [];
  let out: SampleArray | null = null;
  const blocks: Array<{ bx: number; by: number; data: Promise<SampleArray> }> = [];
  for (let by = Math.floor(y0 / level.blockHeight); by * level.blockHeight < y1; by++) {
    for (let bx = Math.floor(x0 / level.blockWidth); bx * level.blockWidth < x1; bx++) blocks.push({ bx, by, data: level.readBlock(bx, by) });
  }
  for (const b of blocks) {
    jobs.push(
      b.data.then((data) => {
        out ??= new (data.constructor as new (n: number) => SampleArray)(w * (y1 - y0) * samples);
        const bx0 = b.bx * level.blockWidth;
        const by0 = b.by * level.blockHeight;
        const cx0 = Math.max(x0, bx0);
        const cx1 = Math.min(x1, bx0 + level.blockWidth);
        for (let y = Math.max(y0, by0); y < Math.min(y1, by0 + level.blockHeight); y++) {
          const from = ((y - by0) * level.blockWidth + (cx0 - bx0)) * samples;
          out.set(data.subarray(from, from + (cx1 - cx0) * samples), ((y - y0) * w + (cx0 - x0)) * samples);
        }
      }),
    );
  }
  await Promise.all(jobs);
  return out!;
}

/**
 * Level pixel coordinates (corner-based) of every tile pixel centre, from the
 * grid: bilinear in each grid cell, computed incrementally along rows.
 */
// Scratch arrays reused by every render: the sampling that reads them is synchronous.
const scratchCol = new Float64Array(N * N);
const scratchRow = new Float64Array(N * N);

function pixelCentres(g: Grid, fx: number, fy: number): { col: Float64Array; row: Float64Array } {
  const col = scratchCol;
  const row = scratchRow;
  const step = g.step;
  for (let py = 0; py < N; py++) {
    const v = (py + 0.5) / step;
    const gy = Math.min(g.nodes - 2, Math.floor(v));
    const fv = v - gy;
    for (let gx = 0; gx < g.nodes - 1; gx++) {
      const i = gy * g.nodes + gx;
      const cl = (g.col[i]! * (1 - fv) + g.col[i + g.nodes]! * fv) / fx;
      const cr = (g.col[i + 1]! * (1 - fv) + g.col[i + g.nodes + 1]! * fv) / fx;
      const rl = (g.row[i]! * (1 - fv) + g.row[i + g.nodes]! * fv) / fy;
      const rr = (g.row[i + 1]! * (1 - fv) + g.row[i + g.nodes + 1]! * fv) / fy;
      const dc = (cr - cl) / step;
      const dr = (rr - rl) / step;
      const first = gx * step;
      for (let k = 0; k < step; k++) {
        const o = py * N + first + k;
        col[o] = cl + dc * (k + 0.5);
        row[o] = rl + dr * (k + 0.5);
      }
    }
  }
  return { col, row };
}

interface WindowGeometry {
  x0: number;
  y0: number;
  ww: number;
  width: number;
  height: number;
  spp: number;
  nodata: number | null;
}

function samplePalette(win: SampleArray, col: Float64Array, row: Float64Array, w: WindowGeometry, palette: Uint8Array, rgba: Buffer): number {
  let drawn = 0;
  for (let p = 0; p < N * N; p++) {
    const c = col[p]!;
    const r = row[p]!;
    if (!(c >= 0 && r >= 0 && c < w.width && r < w.height)) continue;
    const v = win[((Math.floor(r) - w.y0) * w.ww + (Math.floor(c) - w.x0)) * w.spp]!;
    if (v === w.nodata || v * 3 + 2 >= palette.length) continue;
    const o = p * 4;
    rgba[o] = palette[v * 3]!;
    rgba[o + 1] = palette[v * 3 + 1]!;
    rgba[o + 2] = palette[v * 3 + 2]!;
    rgba[o + 3] = 255;
    drawn++;
  }
  return drawn;
}

/**
 * Bilinear resampling of one or three bands with a linear stretch. Where one of
 * the four neighbours is nodata, the nearest pixel is used instead, and a
 * nodata nearest pixel stays transparent.
 */
function sampleBilinear(win: SampleArray, col: Float64Array, row: Float64Array, w: WindowGeometry & { wh: number }, bands: number[], stretch: Stretch[], rgba: Buffer): number {
  const { x0, y0, ww, wh, spp, nodata } = w;
  const grey = bands.length === 1;
  const b0 = bands[0]!;
  const b1 = grey ? b0 : bands[1]!;
  const b2 = grey ? b0 : bands[2]!;
  const m0 = stretch[0]!.min;
  const m1 = grey ? m0 : stretch[1]!.min;
  const m2 = grey ? m0 : stretch[2]!.min;
  const k0 = 255 / (stretch[0]!.max - m0 || 1);
  const k1 = grey ? k0 : 255 / (stretch[1]!.max - m1 || 1);
  const k2 = grey ? k0 : 255 / (stretch[2]!.max - m2 || 1);
  const hasNodata =
    nodata !== null ||
    !(win instanceof Uint8Array || win instanceof Uint16Array || win instanceof Int16Array || win instanceof Int8Array || win instanceof Uint32Array || win instanceof Int32Array);
  const lastX = Math.max(0, ww - 2);
  const lastY = Math.max(0, wh - 2);
  const dx = ww > 1 ? spp : 0;
  const dy = wh > 1 ? ww * spp : 0;
  const bad = (v: number) => v !== v || v === nodata;
  const toByte = (v: number, m: number, k: number) => {
    const out = (v - m) * k;
    return out < 0 ? 0 : out > 255 ? 255 : out + 0.5;
  };
  let drawn = 0;
  for (let p = 0; p < N * N; p++) {
    const c = col[p]!;
    const r = row[p]!;
    if (!(c >= 0 && r >= 0 && c < w.width && r < w.height)) continue;
    let sc = c - 0.5 - x0;
    let sr = r - 0.5 - y0;
    sc = sc < 0 ? 0 : sc > ww - 1 ? ww - 1 : sc;
    sr = sr < 0 ? 0 : sr > wh - 1 ? wh - 1 : sr;
    let cx = Math.floor(sc);
    let cy = Math.floor(sr);
    if (cx > lastX) cx = lastX;
    if (cy > lastY) cy = lastY;
    const fx = sc - cx;
    const fy = sr - cy;
    const i00 = (cy * ww + cx) * spp;
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    let v0: number;
    let v1: number;
    let v2: number;
    if (hasNodata) {
      const near = ((Math.floor(r) - y0) * ww + (Math.floor(c) - x0)) * spp;
      const corners = [i00, i00 + dx, i00 + dy, i00 + dx + dy];
      const any = bands.some((b) => corners.some((i) => bad(win[i + b]!)));
      if (any) {
        v0 = win[near + b0]!;
        v1 = win[near + b1]!;
        v2 = win[near + b2]!;
        if (bad(v0) || bad(v1) || bad(v2)) continue;
      } else {
        v0 = win[i00 + b0]! * w00 + win[i00 + dx + b0]! * w10 + win[i00 + dy + b0]! * w01 + win[i00 + dx + dy + b0]! * w11;
        v1 = win[i00 + b1]! * w00 + win[i00 + dx + b1]! * w10 + win[i00 + dy + b1]! * w01 + win[i00 + dx + dy + b1]! * w11;
        v2 = win[i00 + b2]! * w00 + win[i00 + dx + b2]! * w10 + win[i00 + dy + b2]! * w01 + win[i00 + dx + dy + b2]! * w11;
      }
    } else {
      v0 = win[i00 + b0]! * w00 + win[i00 + dx + b0]! * w10 + win[i00 + dy + b0]! * w01 + win[i00 + dx + dy + b0]! * w11;
      v1 = win[i00 + b1]! * w00 + win[i00 + dx + b1]! * w10 + win[i00 + dy + b1]! * w01 + win[i00 + dx + dy + b1]! * w11;
      v2 = win[i00 + b2]! * w00 + win[i00 + dx + b2]! * w10 + win[i00 + dy + b2]! * w01 + win[i00 + dx + dy + b2]! * w11;
    }
    const o = p * 4;
    rgba[o] = toByte(v0, m0, k0);
    rgba[o + 1] = grey ? rgba[o]! : toByte(v1, m1, k1);
    rgba[o + 2] = grey ? rgba[o]! : toByte(v2, m2, k2);
    rgba[o + 3] = 255;
    drawn++;
  }
  return drawn;
}

/** Renders one tile, or returns null when the tile does not touch the image. */
export async function renderTile(opts: RenderTileOptions): Promise<RenderedTile | null> {
  const { z, x, y } = opts;
  if (!isValidTile(z, x, y)) throw new ImageryError("unsupported", `tile ${z}/${x}/${y} does not exist`);
  const src = await openRenderSource(opts.scene.file);
  const palette = src.palette;
  const bands = opts.bands.map((b) => b - 1);
  if ((bands.length !== 1 && bands.length !== 3) || bands.some((b) => !Number.isInteger(b) || b < 0 || b >= src.samples)) {
    throw new ImageryError("unsupported", `bands ${opts.bands.join(",")}: the scene has ${src.samples}`);
  }
  if (!palette && opts.stretch.length !== bands.length) throw new ImageryError("unsupported", "one stretch per band is needed");

  const grid = accurateGrid(src, tileBounds(z, x, y));
  const levelIndex = chooseLevel(src, grid);
  const level = src.levels[levelIndex]!;
  const f = src.levels[0]!.width / level.width;
  const fy = src.levels[0]!.height / level.height;
  // The window of the level under the tile, with a pixel of margin for bilinear.
  let minC = Infinity;
  let minR = Infinity;
  let maxC = -Infinity;
  let maxR = -Infinity;
  for (let i = 0; i < grid.col.length; i++) {
    const c = grid.col[i]! / f;
    const r = grid.row[i]! / fy;
    if (!Number.isFinite(c) || !Number.isFinite(r)) continue;
    minC = Math.min(minC, c);
    maxC = Math.max(maxC, c);
    minR = Math.min(minR, r);
    maxR = Math.max(maxR, r);
  }
  const x0 = Math.max(0, Math.floor(minC) - 1);
  const y0 = Math.max(0, Math.floor(minR) - 1);
  const x1 = Math.min(level.width, Math.ceil(maxC) + 2);
  const y1 = Math.min(level.height, Math.ceil(maxR) + 2);
  if (x0 >= x1 || y0 >= y1) return null;

  const win = await readWindow(level, src.samples, x0, y0, x1, y1);
  const { col, row } = pixelCentres(grid, f, fy);
  const rgba = Buffer.alloc(N * N * 4);
  const drawn = palette
    ? samplePalette(win, col, row, { x0, y0, ww: x1 - x0, width: level.width, height: level.height, spp: src.samples, nodata: src.nodata }, palette, rgba)
    : sampleBilinear(
        win,
        col,
        row,
        { x0, y0, ww: x1 - x0, wh: y1 - y0, width: level.width, height: level.height, spp: src.samples, nodata: src.nodata },
        bands,
        opts.stretch,
        rgba,
      );
  if (drawn === 0) return null;
  const webp = await sharp(rgba, { raw: { width: N, height: N, channels: 4 } })
    .webp(opts.lossless ? { lossless: true, effort: 0 } : { quality: opts.quality ?? 82, alphaQuality: 100, effort: 0 })
    .toBuffer();
  return { webp, level: levelIndex };
}
