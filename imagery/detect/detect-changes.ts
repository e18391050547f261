// Change candidates between two scenes inside an area of interest:
//
// 0. the shift between the scenes is found by phase correlation and corrected
//    when confident (coregister.ts);
// 1. the before scene's grid, cut to the area, is the working grid; the after
//    scene is sampled onto it (bilinear; exact whole-pixel shifts skip that),
//    and when that smooths it the before scene is smoothed to match;
// 2. a normalisation of the after scene onto the before scene is fitted on a
//    sample of rows spread over the area (normalise.ts);
// 3. per band of rows, in worker threads: the change vector's length per pixel,
//    log-quantised into a byte, and its histogram;
// 4. a threshold from the histogram (Otsu or the noise floor, the larger) moved
//    by the sensitivity; the mask is opened and closed (3 × 3);
// 5. connected components, each traced into a polygon with its holes,
//    simplified to about a pixel, reprojected to EPSG:4326, with its score
//    (mean magnitude ÷ threshold), geodesic area and pixel count; components
//    under the minimum size are dropped, clouds and shadows set apart (obscured.ts).
//
// Memory: a byte per pixel of the area (the change codes, in memory shared
// with the workers) and a bit (the mask), plus one band of rows per worker in
// flight, whatever the scenes' size. Cancellable through an AbortSignal.
import { area as turfArea } from "@turf/area";
import type { Feature, Polygon, Position } from "geojson";
import proj4 from "proj4";
import { registerBoundedDeflate } from "../bounded-deflate";
import { DetectionCancelled, type CandidateFeature, type DetectionResult, type DetectOptions, type ObscuredProperties } from "./detect-types";
import { pixelToCrs } from "../footprint";
import { ImageryError } from "../imagery-error";
import { rasteriseRingsCounted, type PixelRing } from "./aoi-raster";
import type { BandTask, PixelArray } from "./band-compute";
import { BandPool, defaultWorkerCount } from "./band-pool";
import { readRawWindow, type RawWindow } from "./raw-blocks";
import { invertGt, openRaster, stripCache, toBeforePixelRings, type Raster } from "./scene-raster";
import { componentPolygon } from "./outlines";
import { labelComponents } from "./components";
import { findObscured } from "./obscured";
import { clearUnusable, close3x3, maskFromCodes, open3x3 } from "./bitmask";
import { fitNormalisation } from "./normalise";
import { registerPair, type Registration } from "./coregister";
import { chooseThreshold, quantiser } from "./threshold";
import type { Ring } from "./trace";

registerBoundedDeflate();

export const DEFAULT_SENSITIVITY = 0.5;
/** Components smaller than this many pixels are never candidates (the 3 × 3 opening leaves nothing under 9 anyway). */
export const DEFAULT_MIN_PIXELS = 9;
const NODE_STEP = 16;
const SAMPLE_PIXELS = 100_000;
/** Pixels in one band of rows (one task for a worker). */
const BAND_PIXELS = 1 << 20;
/** An after scene whose pixel is this much larger than the before scene's (or more) is coarser: the before scene is smoothed to match. */
const COARSER = 1 / 1.2;
export const MIN_CHANGE_LEVELS = 3;

/** A shift in before pixels as metres east and north, where the before scene's unit is the metre. */
function metresOf(r: Registration, before: Raster): { eastM: number | null; northM: number | null } {
  if (before.crs.unit !== "metre") return { eastM: null, northM: null };
  const [, a, b, , d, e] = before.gt;
  return { eastM: Math.round((a * r.dx + b * r.dy) * 100) / 100, northM: Math.round((d * r.dx + e * r.dy) * 100) / 100 };
}

export { DetectionCancelled } from "./detect-types";
export type { CandidateFeature, CandidateProperties, DetectionResult, DetectOptions, ObscuredProperties } from "./detect-types";

export async function detectChanges(opts: DetectOptions): Promise<DetectionResult> {
  const sensitivity = opts.sensitivity ?? DEFAULT_SENSITIVITY;
  if (!(sensitivity >= 0 && sensitivity <= 1)) throw new RangeError("sensitivity must be between 0 and 1");
  const progress = opts.onProgress ?? (() => {});
  const checkCancel = () => {
    if (opts.signal?.aborted) throw new DetectionCancelled();
  };
  progress(0, "opening the scenes");
  const before = await openRaster(opts.before, "before");
  let after: Raster | null = null;
  let pool: BandPool | null = null;
  try {
    after = await openRaster(opts.after, "after");
    const aft: Raster = after;
    const bands = opts.bands ?? Array.from({ length: before.samples }, (_, i) => i + 1);
    for (const b of bands) {
      if (!Number.isInteger(b) || b < 1 || b > before.samples || b > after.samples) {
        throw new ImageryError("unsupported", `band ${b} is not in both scenes (the before scene has ${before.samples}, the after scene ${after.samples})`);
      }
    }
    const sampleIndex = bands.map((b) => b - 1);
    const nb = bands.length;
    for (const [name, b] of [
      ["near-infrared", opts.nirBand],
      ["red", opts.redBand],
    ] as const) {
      if (b !== undefined && (!Number.isInteger(b) || b < 1 || b > before.samples || b > after.samples))
        throw new ImageryError("unsupported", `the ${name} band ${b} is not in both scenes`);
    }
    // The season rule needs both bands among those compared.
    const nirAt = opts.nirBand !== undefined ? bands.indexOf(opts.nirBand) : -1;
    const redAt = opts.redBand !== undefined ? bands.indexOf(opts.redBand) : -1;
    const phenology = nirAt >= 0 && redAt >= 0 ? { nir: nirAt, red: redAt } : {};

    // The working window: the area's pixel bounding box on the before grid.
    const rings: PixelRing[] = opts.aoi
      ? toBeforePixelRings(opts.aoi, before)
      : [
          [
            [0, 0],
            [before.width, 0],
            [before.width, before.height],
            [0, before.height],
            [0, 0],
          ],
        ];
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity; // prettier-ignore
    for (const ring of rings)
      for (const [x, y] of ring) {
        if (!Number.isFinite(x) || !Number.isFinite(y)) throw new ImageryError("unsupported", "the area of interest cannot be projected onto the before scene");
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    const wc0 = Math.max(0, Math.floor(minX));
    const wr0 = Math.max(0, Math.floor(minY));
    const wc1 = Math.min(before.width, Math.ceil(maxX));
    const wr1 = Math.min(before.height, Math.ceil(maxY));
    if (wc1 <= wc0 || wr1 <= wr0) throw new ImageryError("unsupported", "the area of interest does not overlap the before scene");
    const w = wc1 - wc0;
    const H = wr1 - wr0;

    // Before pixel centres on the after grid.
    const sameCrs = before.crs.proj4 === after.crs.proj4;
    const converter = sameCrs ? null : proj4(before.crs.proj4, after.crs.proj4);
    const invAfter = invertGt(after.gt);
    // The after scene's content sits (shift.dx, shift.dy) before pixels from the before scene's (co-registration, below).
    const shift = { dx: 0, dy: 0, applied: false };
    const toAfter = (col: number, row: number): [number, number] => {
      let xy = pixelToCrs(before.gt, col + 0.5 + shift.dx, row + 0.5 + shift.dy);
      if (converter) {
        try {
          xy = converter.forward(xy) as [number, number];
        } catch {
          return [NaN, NaN];
        }
      }
      return invAfter(xy[0], xy[1]);
    };
    // A whole-pixel shift between identical grids needs no resampling.
    let aligned = false;
    let shiftX = 0;
    let shiftY = 0;
    /** A before pixel's width in after pixels: under 1 when the after scene is coarser. */
    let scale = 1;
    const align = () => {
      const [u0, v0] = toAfter(0, 0);
      const [u1] = toAfter(1, 0);
      const [, v1] = toAfter(0, 1);
      const [u01, v10] = [toAfter(0, 1)[0], toAfter(1, 0)[1]];
      shiftX = u0 - 0.5;
      shiftY = v0 - 0.5;
      scale = Math.hypot(u1 - u0, toAfter(1, 0)[1] - v0);
      aligned =
        sameCrs &&
        Math.abs(u1 - u0 - 1) < 1e-6 &&
        Math.abs(v1 - v0 - 1) < 1e-6 &&
        Math.abs(u01 - u0) < 1e-6 &&
        Math.abs(v10 - v0) < 1e-6 &&
        Math.abs(shiftX - Math.round(shiftX)) < 1e-6 &&
        Math.abs(shiftY - Math.round(shiftY)) < 1e-6;
    };
    align();
    const readAfter = stripCache(after);

    // Bands of rows of about BAND_PIXELS, aligned to the before scene's blocks.
    const blockRows = before.layout ? before.layout.blockHeight : before.stripHeight;
    const bandRows = Math.max(blockRows, Math.round(Math.max(64, BAND_PIXELS / w) / blockRows) * blockRows);
    const strips: [number, number][] = [];
    for (let y = Math.floor(wr0 / bandRows) * bandRows; y < wr1; y += bandRows) strips.push([Math.max(wr0, y), Math.min(wr1, y + bandRows)]);

    let inAreaTotal = 0;
    type Task = { task: Omit<BandTask, "before" | "after" | "codesOut">; before: PixelArray | RawWindow; after: PixelArray | RawWindow };
    /** The task for columns c0..c1 and rows r0..r1 of the before scene, or null when the after scene has nothing there. */
    const buildTask = async (c0: number, r0: number, c1: number, r1: number, mode: BandTask["mode"], extra: Partial<BandTask>): Promise<Task | null> => {
      const h = r1 - r0;
      const w = c1 - c0;
      // Co-registration correlates a whole square window, inside the area or not.
      const raster = extra.keepGrid ? { mask: new Uint8Array(w * h).fill(1), count: w * h } : rasteriseRingsCounted(rings, c0, r0, c1, r1);
      let aoi: Uint8Array | null = raster.mask;
      const inArea = raster.count;
      if (mode === "magnitude") inAreaTotal += inArea;
      if (inArea === 0) return null;
      if (inArea === aoi.length) aoi = null;
      let nodes: Float64Array | null = null;
      let nodeCols = 0;
      let ax0: number, ay0: number, ax1: number, ay1: number;
      if (aligned) {
        ax0 = Math.max(0, c0 + Math.round(shiftX));
        ay0 = Math.max(0, r0 + Math.round(shiftY));
        ax1 = Math.min(aft.width, c1 + Math.round(shiftX));
        ay1 = Math.min(aft.height, r1 + Math.round(shiftY));
      } else {
        nodeCols = Math.floor((w - 1) / NODE_STEP) + 2;
        const nodeRows = Math.floor((h - 1) / NODE_STEP) + 2;
        nodes = new Float64Array(nodeCols * nodeRows * 2);
        let uMin = Infinity, vMin = Infinity, uMax = -Infinity, vMax = -Infinity; // prettier-ignore
        for (let j = 0; j < nodeRows; j++) {
          for (let i = 0; i < nodeCols; i++) {
            const [u, v] = toAfter(c0 + i * NODE_STEP, r0 + j * NODE_STEP);
            nodes[(j * nodeCols + i) * 2] = u;
            nodes[(j * nodeCols + i) * 2 + 1] = v;
            if (Number.isFinite(u) && Number.isFinite(v)) {
              uMin = Math.min(uMin, u);
              uMax = Math.max(uMax, u);
              vMin = Math.min(vMin, v);
              vMax = Math.max(vMax, v);
            }
          }
        }
        ax0 = Math.max(0, Math.floor(uMin) - 1);
        ay0 = Math.max(0, Math.floor(vMin) - 1);
        ax1 = Math.min(aft.width, Math.ceil(uMax) + 1);
        ay1 = Math.min(aft.height, Math.ceil(vMax) + 1);
        for (let i = 0; i < nodes.length; i += 2) {
          nodes[i]! -= ax0;
          nodes[i + 1]! -= ay0;
        }
      }
      if (!(ax1 > ax0 && ay1 > ay0)) return null;
      // When the after scene is moved by a fraction of a pixel (registration) or is coarser, the sampling smooths it:
      // the before scene is smoothed to match (band-compute.ts), reading a pixel around. Measured: eval:change.
      const blur = !aligned && !extra.keepGrid && (shift.applied || scale < COARSER);
      const [bc0, br0, bc1, br1] = blur ? [Math.max(0, c0 - 1), Math.max(0, r0 - 1), Math.min(before.width, c1 + 1), Math.min(before.height, r1 + 1)] : [c0, r0, c1, r1];
      // Raw blocks (decoded in the worker) where the layout allows, else decoded here.
      const [beforePixels, afterPixels] = await Promise.all([
        before.layout ? readRawWindow(before.file, before.layout, bc0, br0, bc1, br1) : (before.reader.read(br0, br1) as Promise<PixelArray>),
        aft.layout ? readRawWindow(aft.file, aft.layout, ax0, ay0, ax1, ay1) : readAfter(ax0, ay0, ax1, ay1),
      ]);
      return {
        before: beforePixels,
        after: afterPixels,
        task: {
          mode,
          width: w,
          height: h,
          bands: nb,
          sampleIndex,
          beforeSamples: before.samples,
          afterSamples: aft.samples,
          beforeStride: before.layout ? bc1 - bc0 : before.width,
          beforeCol0: before.layout ? c0 - bc0 : c0,
          beforeBlur: blur ? { row0: r0 - br0, rows: br1 - br0 } : undefined,
          beforeNodata: before.nodata,
          afterWidth: ax1 - ax0,
          afterHeight: ay1 - ay0,
          afterNodata: aft.nodata,
          nodes,
          nodeStep: NODE_STEP,
          nodeCols,
          offset: aligned ? { dx: c0 + Math.round(shiftX) - ax0, dy: r0 + Math.round(shiftY) - ay0 } : null,
          aoi,
          beforeRange: before.integerRange,
          afterRange: aft.integerRange,
          luts: [],
          k: 1,
          sampleStep: 1,
          ...extra,
        },
      };
    };
    pool = new BandPool(opts.workers ?? defaultWorkerCount());
    const workers = pool;

    // 0. Co-registration: the shift between the scenes, corrected when it is confident.
    progress(0.005, "registering the after scene to the before scene");
    const registration = await registerPair({
      width: w,
      height: H,
      correlate: async (c0, r0, n) => {
        const t = await buildTask(wc0 + c0, wr0 + r0, wc0 + c0 + n, wr0 + r0 + n, "pairs", { sampleStep: 1, keepGrid: true });
        if (!t) return null;
        const r = await workers.run(t.task, t.before, t.after);
        return { before: r.pairsBefore!, after: r.pairsAfter! };
      },
      bands: nb,
      enabled: opts.register !== false,
    });
    if (registration.applied) {
      shift.dx = registration.dx;
      shift.dy = registration.dy;
      shift.applied = true;
      align();
    }
    checkCancel();

    // 1. A sample of rows spread over the area, for the normalisation.
    progress(0.01, "fitting the brightness of the after scene to the before scene");
    // Windows spread over the area (diagonally, a block high), about SAMPLE_PIXELS × 4 pixels in all.
    const sampleRows = Math.min(H, Math.max(blockRows, 16));
    // Strips are read whole, so windows over strips span the area's width; tiles, a tile or 512 pixels wide.
    const blockCols = before.layout ? before.layout.blockWidth : before.width;
    const sampleCols = blockCols >= before.width ? w : Math.min(w, Math.max(blockCols, 512));
    const windows = Math.max(1, Math.min(64, Math.floor((w * H) / (sampleRows * sampleCols)), Math.ceil((SAMPLE_PIXELS * 4) / (sampleRows * sampleCols))));
    const sampleStep = Math.max(1, Math.round(Math.sqrt((windows * sampleRows * sampleCols) / SAMPLE_PIXELS)));
    const pairsB: Float32Array[] = [];
    const pairsA: Float32Array[] = [];
    await Promise.all(
      Array.from({ length: windows }, async (_, i) => {
        const r0 = wr0 + Math.floor(((i + 0.5) / windows) * (H - sampleRows));
        const c0 = wc0 + Math.floor(((i * 0.618034) % 1) * (w - sampleCols));
        const t = await buildTask(c0, r0, c0 + sampleCols, r0 + sampleRows, "pairs", { sampleStep });
        if (!t) return;
        checkCancel();
        const r = await workers.run(t.task, t.before, t.after);
        pairsB.push(r.pairsBefore!);
        pairsA.push(r.pairsAfter!);
      }),
    );
    checkCancel();
    const concat = (parts: Float32Array[]) => {
      const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    const sb = concat(pairsB);
    const sa = concat(pairsA);
    if (sb.length === 0) throw new ImageryError("unsupported", "the two scenes have no usable pixels in common inside the area");
    const normalisation = fitNormalisation(opts.normalisation ?? "robust-linear", sb, sa, nb);
    let maxMagnitude: number;
    if (before.integerRange && after.integerRange) {
      maxMagnitude = Math.max(before.integerRange[1] - before.integerRange[0], after.integerRange[1] - after.integerRange[0]) * Math.sqrt(nb);
    } else {
      let lo = Infinity;
      let hi = -Infinity;
      for (const a of [sb, sa]) {
        for (let i = 0; i < a.length; i++) {
          lo = Math.min(lo, a[i]!);
          hi = Math.max(hi, a[i]!);
        }
      }
      maxMagnitude = Math.max(1e-6, (hi - lo) * 2 * Math.sqrt(nb));
    }
    const quant = quantiser(maxMagnitude);
    // Integer imagery: a change under MIN_CHANGE_LEVELS grey levels is never a change; floats: a thousandth of the range.
    const minimumThreshold = before.integerRange && after.integerRange ? MIN_CHANGE_LEVELS : maxMagnitude / Math.sqrt(nb) / 2 / 1000;
    const luts = normalisation.bands;

    // 2. Change magnitude of every pixel, in worker threads.
    const shared = new SharedArrayBuffer(w * H);
    const codes = new Uint8Array(shared);
    const histogram = new Float64Array(256);
    const inFlight = new Set<Promise<void>>();
    let done = 0;
    let failure: unknown = null;
    for (const [r0, r1] of strips) {
      checkCancel();
      if (failure) throw failure;
      const t = await buildTask(wc0, r0, wc1, r1, "magnitude", { luts, k: quant.k, ...phenology });
      if (t) {
        const p = workers
          .run(t.task, t.before, t.after, { buffer: shared, offset: (r0 - wr0) * w })
          .then((r) => {
            for (let i = 0; i < 256; i++) histogram[i]! += r.histogram![i]!;
          })
          .catch((e: unknown) => {
            failure ??= e;
          })
          .finally(() => {
            inFlight.delete(p);
            done++;
            progress(0.05 + (0.8 * done) / strips.length, `measuring change: rows ${Math.min(wr1, r1) - wr0} of ${H}`);
          });
        inFlight.add(p);
      } else done++;
      // One task more than workers, so a worker finishing finds the next band already read.
      while (inFlight.size >= workers.size + 1) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    checkCancel();
    if (failure) throw failure;

    // 3. Threshold, then clean the mask.
    progress(0.86, "choosing the threshold and removing specks");
    const threshold = chooseThreshold(histogram, quant, sensitivity, minimumThreshold);
    const qT = Math.min(256, Math.ceil(1 + quant.k * Math.log2(1 + threshold.threshold) - 1e-9));
    let usable = 0;
    let changed = 0;
    for (let q = 1; q < 256; q++) {
      usable += histogram[q]!;
      if (q >= qT) changed += histogram[q]!;
    }
    const mask = maskFromCodes(codes, w, H, qT);
    open3x3(mask);
    checkCancel();
    close3x3(mask);
    clearUnusable(mask, codes);
    checkCancel();

    // 4. Components to polygons.
    progress(0.9, "tracing the outlines of changed areas");
    const ratio = new Float64Array(256);
    for (let q = 1; q < 256; q++) ratio[q] = quant.decode(q) / threshold.threshold;
    const minPixels = Math.max(1, opts.minPixels ?? DEFAULT_MIN_PIXELS);
    const labelled = labelComponents(mask, codes, ratio).filter((c) => c.pixelCount >= minPixels);
    // Clouds and shadows (obscured.ts): soft-edged areas that look like one on either date are set apart.
    const kinds = await findObscured({
      components: labelled,
      magnitudeAt: (col, row) => quant.decode(codes[row * w + col]!),
      bands: nb,
      luts,
      parallel: workers.size,
      checkCancel,
      readWindow: async (c0, r0, c1, r1) => {
        const t = await buildTask(wc0 + c0, wr0 + r0, wc0 + c1, wr0 + r1, "pairs", { sampleStep: 1, keepGrid: true });
        if (!t) return null;
        const px = await workers.run(t.task, t.before, t.after);
        return { before: px.pairsBefore!, after: px.pairsAfter! };
      },
    });
    await workers.close();
    pool = null;
    const components = labelled;
    const toLonLat =
      before.crs.crs === "EPSG:4326"
        ? (xy: [number, number]) => xy
        : (
            (c) => (xy: [number, number]) =>
              c.forward(xy) as [number, number]
          )(proj4(before.crs.proj4, "EPSG:4326"));
    const project = (ring: Ring): Position[] =>
      ring.map(([x, y]) => {
        const [lon, lat] = toLonLat(pixelToCrs(before.gt, x + wc0, y + wr0));
        return [Math.round(lon * 1e8) / 1e8, Math.round(lat * 1e8) / 1e8];
      });
    const features: CandidateFeature[] = [];
    const obscured: Feature<Polygon, ObscuredProperties>[] = [];
    components.forEach((c, i) => {
      if (i % 64 === 0) {
        checkCancel();
        progress(0.9 + (0.1 * i) / components.length, `tracing the outlines of changed areas: ${i} of ${components.length}`);
      }
      const geometry = componentPolygon(c, project);
      const areaM2 = Math.round(turfArea(geometry) * 10) / 10;
      const properties = { score: Math.round((c.weightSum / c.pixelCount) * 1000) / 1000, areaM2, pixelCount: c.pixelCount };
      const kind = kinds.get(c);
      if (kind) {
        obscured.push({ type: "Feature", geometry, properties: { ...properties, cloud: true, kind } });
        return;
      }
      if (opts.minAreaM2 !== undefined && areaM2 < opts.minAreaM2) return;
      features.push({ type: "Feature", geometry, properties });
    });
    features.sort((a, b) => b.properties.score - a.properties.score || b.properties.areaM2 - a.properties.areaM2);
    progress(
      1,
      `${features.length} candidate${features.length === 1 ? "" : "s"}${obscured.length ? `, ${obscured.length} cloud or shadow area${obscured.length === 1 ? "" : "s"} not compared` : ""}`,
    );
    const inArea = inAreaTotal;
    return {
      candidates: { type: "FeatureCollection", features },
      obscured: { type: "FeatureCollection", features: obscured },
      threshold,
      normalisation,
      registration: { ...registration, ...metresOf(registration, before) },
      grid: { width: w, height: H, crs: before.crs.crs },
      pixels: { inArea, usable, changed },
    };
  } finally {
    await pool?.close();
    await before.tiff.close();
    await before.file.close();
    await after?.tiff.close();
    await after?.file.close();
  }
}
