// Change detection on the real Landsat scene with changes painted in: the
// candidates are the painted rectangles, in EPSG:4326 with their areas; the
// same after a reprojection of the after scene (GDAL's warp); nothing on a
// pair that differs only by brightness and noise; the area of interest limits
// the search; progress, cancelling and the command line.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { area, booleanClockwise, featureCollection, intersect, polygon, union } from "@turf/turf";
import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupEpsg, toLonLat } from "../crs";
import { deriveSyntheticScene, pixelRectToRing, type PaintedChange } from "../synthetic/derive-scene";
import { DetectionCancelled, detectChanges } from "./detect-changes";

const ROOT = path.resolve(import.meta.dirname, "../..");
const L7 = path.join(ROOT, "tests/fixtures/imagery/L7_ETMs.tif");
const L7_GT: [number, number, number, number, number, number] = [288776.250000803149305, 28.499999999274539, 0, 9120760.750028736889362, 0, -28.499999999274539];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-detect-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const PAINTED: PaintedChange[] = [
  { rect: [135, 95, 160, 110], values: [210, 200, 195, 185, 205, 175] }, // new roofs
  { rect: [200, 170, 225, 190], values: [22, 16, 12, 9, 7, 5] }, // burn scar
  { rect: [40, 250, 52, 262], values: [230, 225, 220, 200, 230, 210] },
];
const lonLat = toLonLat(lookupEpsg(31985));
const truth = PAINTED.map((p) => polygon([pixelRectToRing(p.rect, L7_GT, lonLat)]).geometry as Polygon);
const iou = (a: Polygon, b: Polygon) => {
  const i = intersect(featureCollection([polygon(a.coordinates), polygon(b.coordinates)]));
  const u = union(featureCollection([polygon(a.coordinates), polygon(b.coordinates)]));
  return i && u ? area(i) / area(u) : 0;
};
const file = (name: string) => path.join(work, name);

beforeAll(async () => {
  await deriveSyntheticScene({ input: L7, output: file("painted.tif"), changes: PAINTED, epsg: 31985, adjust: { gain: 1.1, offset: 8, noiseSigma: 2, seed: 5 } });
  await deriveSyntheticScene({ input: L7, output: file("brighter.tif"), changes: [], epsg: 31985, adjust: { gain: 1.1, offset: 8, noiseSigma: 2, seed: 9 } });
  execFileSync("gdalwarp", ["-q", "-t_srs", "EPSG:4326", "-r", "bilinear", file("painted.tif"), file("painted-4326.tif")]);
  // A U of 4-pixel cells whose arms meet only at a corner: "###." / "#..#" / "#.##" / "####".
  const cells = ["###.", "#..#", "#.##", "####"];
  const corner: PaintedChange[] = cells.flatMap((row, r) =>
    [...row].flatMap((ch, c) =>
      ch === "#" ? [{ rect: [60 + c * 4, 60 + r * 4, 64 + c * 4, 64 + r * 4] as [number, number, number, number], values: [250, 250, 250, 250, 250, 250] }] : [],
    ),
  );
  await deriveSyntheticScene({ input: L7, output: file("corner.tif"), changes: corner, epsg: 31985 });
});

describe("detectChanges", () => {
  it("finds the painted changes through a brightness shift and noise: the rectangles, in EPSG:4326, anticlockwise, with area and score", async () => {
    const r = await detectChanges({ before: L7, after: file("painted.tif") });
    expect(r.candidates.features).toHaveLength(3);
    for (const t of truth) {
      const best = Math.max(...r.candidates.features.map((f) => iou(f.geometry, t)));
      expect(best).toBeGreaterThan(0.95);
    }
    for (const f of r.candidates.features) {
      expect(booleanClockwise(f.geometry.coordinates[0]!)).toBe(false);
      expect(f.properties.areaM2).toBeCloseTo(area(f.geometry), -1);
      expect(f.properties.score).toBeGreaterThan(1);
    }
    const counts = r.candidates.features.map((f) => f.properties.pixelCount).sort((a, b) => a - b);
    expect(counts).toEqual([144, 375, 500]);
    const scores = r.candidates.features.map((f) => f.properties.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The normalisation found the brightness change (after' ≈ (after − 8) / 1.1).
    for (const g of r.normalisation.gains!) expect(g).toBeCloseTo(1 / 1.1, 1);
  });

  it("finds the same changes when the after scene is on another grid and CRS (resampled bilinearly onto the before grid)", async () => {
    const r = await detectChanges({ before: L7, after: file("painted-4326.tif") });
    // The three strongest candidates are the painted changes; two bilinear resamplings (GDAL's, then ours)
    // leave small traces along the sharpest edges, weaker and no bigger than a few 3 × 3 blocks.
    const [first, second, third, ...rest] = r.candidates.features;
    for (const t of truth) expect(Math.max(...[first!, second!, third!].map((f) => iou(f.geometry, t)))).toBeGreaterThan(0.7);
    for (const f of rest) {
      expect(f.properties.pixelCount).toBeLessThan(30);
      expect(f.properties.score).toBeLessThan(third!.properties.score);
    }
  });

  it("gives outlines the drawing rules accept: no ring crosses or touches itself or another", async () => {
    const { findSelfIntersections, findStrayHoles } = await import("@/lib/geo/area-geometry");
    // Pixels of one change meeting only at a corner: the outline would touch itself there.
    const corner = await detectChanges({ before: L7, after: file("corner.tif") });
    expect(corner.candidates.features).toHaveLength(1);
    expect(corner.candidates.features[0]!.properties.pixelCount).toBe(12 * 16);
    // The most sensitive setting on the warped pair gives the most ragged outlines.
    const r = await detectChanges({ before: L7, after: file("painted-4326.tif"), sensitivity: 1 });
    expect(r.candidates.features.length).toBeGreaterThan(5);
    for (const f of [...corner.candidates.features, ...r.candidates.features]) {
      expect(findSelfIntersections(f.geometry)).toEqual([]);
      expect(findStrayHoles(f.geometry)).toEqual([]);
    }
  });

  it("proposes nothing on a pair that differs only by brightness and noise", async () => {
    const r = await detectChanges({ before: L7, after: file("brighter.tif") });
    expect(r.candidates.features).toEqual([]);
    expect(r.pixels.usable).toBe(349 * 352);
  });

  it("searches only inside the area of interest, and a higher sensitivity never finds less", async () => {
    const aoi = polygon([pixelRectToRing([120, 80, 180, 130], L7_GT, lonLat)]).geometry as Polygon;
    const r = await detectChanges({ before: L7, after: file("painted.tif"), aoi });
    expect(r.candidates.features).toHaveLength(1);
    expect(iou(r.candidates.features[0]!.geometry, truth[0]!)).toBeGreaterThan(0.95);
    expect(r.pixels.inArea).toBe(60 * 50);
    const low = await detectChanges({ before: L7, after: file("painted.tif"), sensitivity: 0 });
    const high = await detectChanges({ before: L7, after: file("painted.tif"), sensitivity: 1 });
    expect(high.threshold.threshold).toBeLessThan(low.threshold.threshold);
    expect(high.pixels.changed).toBeGreaterThanOrEqual(low.pixels.changed);
  });

  it("reports progress from 0 to 1 in order, and stops when cancelled", async () => {
    const seen: number[] = [];
    await detectChanges({ before: L7, after: file("painted.tif"), onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const controller = new AbortController();
    const run = detectChanges({ before: L7, after: file("painted.tif"), signal: controller.signal, onProgress: (f) => f > 0.01 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(DetectionCancelled);
  });

  it("refuses a palette image and an area outside the scene, with reasons", async () => {
    await expect(detectChanges({ before: path.join(ROOT, "tests/fixtures/imagery/lc.tif"), after: file("painted.tif") })).rejects.toThrow(/palette/);
    const far = polygon([[[10, 10], [10.1, 10], [10.1, 10.1], [10, 10.1], [10, 10]]]).geometry as Polygon; // prettier-ignore
    await expect(detectChanges({ before: L7, after: file("painted.tif"), aoi: far })).rejects.toThrow(/does not overlap/);
  });
});

describe("sitewatch detect", () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "bin/sitewatch.mjs"), "detect", ...args], { encoding: "utf8", cwd: ROOT });
  const aoiFile = file("aoi.geojson");
  beforeAll(() => fs.writeFileSync(aoiFile, JSON.stringify({ type: "Feature", properties: {}, geometry: polygon([pixelRectToRing([0, 0, 349, 352], L7_GT, lonLat)]).geometry })));

  it("writes the candidates as a GeoJSON FeatureCollection with score and areaM2", { timeout: 30_000 }, () => {
    const out = file("candidates.geojson");
    const r = cli([L7, file("painted.tif"), "--aoi", aoiFile, "--out", out, "--sensitivity", "0.5"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const fc = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features).toHaveLength(3);
    expect(Object.keys(fc.features[0].properties).sort()).toEqual(["areaM2", "pixelCount", "score"]);
  });

  it("refuses bad input with one line on stderr and writes nothing", { timeout: 60_000 }, () => {
    const out = file("never.geojson");
    for (const args of [
      [L7, file("painted.tif"), "--aoi", aoiFile, "--out", out, "--sensitivity", "1.5"],
      [L7, file("painted.tif"), "--out", out],
      [L7, file("missing.tif"), "--aoi", aoiFile, "--out", out],
      [L7, file("painted.tif"), "--aoi", L7, "--out", out],
      [L7, file("painted.tif"), "--aoi", aoiFile, "--out", work],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(fs.existsSync(out)).toBe(false);
    }
    // Never over an input.
    const aoiBefore = fs.readFileSync(aoiFile, "utf8");
    const r = cli([L7, file("painted.tif"), "--aoi", aoiFile, "--out", aoiFile]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/one of the inputs/);
    expect(fs.readFileSync(aoiFile, "utf8")).toBe(aoiBefore);
  });
});

describe("reading blocks for the workers", () => {
  it("decodes windows of deflate strips, tiles with a predictor and uncompressed strips exactly as geotiff.js reads them; other layouts go the general way", async () => {
    const { fromFile } = await import("geotiff");
    const { open } = await import("node:fs/promises");
    const { inflateSync } = await import("node:zlib");
    const { writeCog } = await import("../cog/write-cog");
    const { blockLayoutOf, readRawWindow, decodeRawWindow } = await import("./raw-blocks");
    const cog = file("l7-cog.tif");
    await writeCog(L7, cog);
    for (const f of [L7, cog, file("painted.tif")]) {
      const tiff = await fromFile(f);
      const image = await tiff.getImage(0);
      const layout = await blockLayoutOf(image, true);
      expect(layout, f).not.toBeNull();
      const handle = await open(f, "r");
      for (const [x0, y0, x1, y1] of [
        [0, 0, 349, 352],
        [37, 101, 300, 260],
        [348, 351, 349, 352],
      ] as const) {
        const ours = decodeRawWindow(await readRawWindow(handle, layout!, x0, y0, x1, y1), inflateSync);
        const theirs = await image.readRasters({ window: [x0, y0, x1, y1], interleave: true });
        expect(Buffer.from(ours.buffer).equals(Buffer.from((theirs as unknown as Uint8Array).buffer)), `${f} ${[x0, y0, x1, y1]}`).toBe(true);
      }
      await handle.close();
      await tiff.close();
    }
    const lzw = await fromFile(path.join(ROOT, "tests/fixtures/imagery/generated/l7-lzw-predictor.tif"));
    expect(await blockLayoutOf(await lzw.getImage(0), true)).toBeNull();
    await lzw.close();
  });

  it("detects the same through the general reader (LZW) as through raw blocks", async () => {
    const lzw = file("l7-lzw.tif");
    execFileSync("gdal_translate", ["-q", "-co", "COMPRESS=LZW", "-co", "PREDICTOR=2", L7, lzw]);
    const viaGeneral = await detectChanges({ before: lzw, after: file("painted.tif") });
    const viaRaw = await detectChanges({ before: L7, after: file("painted.tif") });
    // The same outlines; scores within a thousandth (the normalisation is fitted on windows that follow the file's blocks).
    expect(viaGeneral.candidates.features.map((f) => f.geometry)).toEqual(viaRaw.candidates.features.map((f) => f.geometry));
    viaGeneral.candidates.features.forEach((f, i) => expect(f.properties.score).toBeCloseTo(viaRaw.candidates.features[i]!.properties.score, 1));
  });
});
