// Web tiles against GDAL: the same tile warped by gdalwarp (bilinear, Web
// Mercator, overviews chosen by GDAL) must show the same pixels; outside the
// image and on nodata the tile is transparent; only the blocks under the tile
// are decoded, from the right overview.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gdalWarpTile } from "@/tests/support/gdal";
import { writeCog } from "../cog/write-cog";
import { ImageryError } from "../imagery-error";
import { renderCounters } from "./render-source";
import { renderTile } from "./render-tile";
import { tileBounds, tilesCovering } from "./web-mercator";

const ROOT = path.resolve(import.meta.dirname, "../..");
const IMAGERY = path.join(ROOT, "tests/fixtures/imagery");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-tiles-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const cogs: Record<string, string> = {};
beforeAll(async () => {
  for (const [name, file] of Object.entries({ l7: "L7_ETMs.tif", rgb: "generated/l7-multilevel-rgb-tiled.tif", int16: "generated/l7-multilevel-int16-nodata.tif", lc: "lc.tif" })) {
    cogs[name] = path.join(work, `${name}.tif`);
    await writeCog(path.join(IMAGERY, file), cogs[name]!);
  }
});

const OLINDA: [number, number, number, number] = [-34.9166, -8.0409, -34.8257, -7.9498];
const identity = [
  { min: 0, max: 255 },
  { min: 0, max: 255 },
  { min: 0, max: 255 },
];

async function decode(webp: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(webp).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([256, 256, 4]);
  return data;
}

/** Compares our RGBA tile with GDAL's warp of the same bands: opaque where GDAL has data, values within resampling noise. */
function compare(ours: Buffer, theirs: { rgb: Uint8Array[]; alpha: Uint8Array }) {
  let both = 0;
  let maskDisagree = 0;
  let sumDiff = 0;
  const diffs: number[] = [];
  for (let p = 0; p < 256 * 256; p++) {
    const a = ours[p * 4 + 3]! > 0;
    const b = theirs.alpha[p]! > 0;
    if (a !== b) maskDisagree++;
    if (!a || !b) continue;
    both++;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(ours[p * 4 + c]! - theirs.rgb[c]![p]!);
      sumDiff += d;
      diffs.push(d);
    }
  }
  diffs.sort((x, y) => x - y);
  return { both, maskDisagree, meanDiff: sumDiff / Math.max(1, diffs.length), p99: diffs[Math.floor(diffs.length * 0.99)] ?? 0 };
}

describe("renderTile, checked against gdalwarp", () => {
  // Where the tile is as fine as the level read (zooming in, or an overview of the
  // right size), the pixels are GDAL's exactly. Where it is a little coarser than
  // the finest level and no overview fits (l7 at z12: 1.3 source pixels per tile
  // pixel), GDAL widens its bilinear kernel and we do not: small differences.
  it.each([
    ["l7", 14, [3, 2, 1], { mean: 0.01, p99: 0 }],
    ["l7", 12, [4, 3, 2], { mean: 1.0, p99: 6 }],
    ["rgb", 15, [1, 2, 3], { mean: 0.01, p99: 0 }],
    ["rgb", 12, [1, 2, 3], { mean: 0.01, p99: 0 }],
  ] as const)("%s at z%i, bands %j: the same pixels as GDAL's bilinear warp", async (name, z, bands, tolerance) => {
    const [x, y] = tilesCovering(OLINDA, z)[Math.floor(tilesCovering(OLINDA, z).length / 2)]!;
    const tile = await renderTile({ scene: { file: cogs[name]! }, z, x, y, bands: [...bands], stretch: identity, lossless: true });
    expect(tile).not.toBeNull();
    const theirs = gdalWarpTile(cogs[name]!, tileBounds(z, x, y), [...bands], path.join(work, `warp-${name}-${z}.tif`));
    const r = compare(await decode(tile!.webp), theirs);
    expect(r.both).toBeGreaterThan(1000);
    expect(r.maskDisagree / (256 * 256)).toBeLessThan(0.01);
    expect(r.meanDiff).toBeLessThanOrEqual(tolerance.mean);
    expect(r.p99).toBeLessThanOrEqual(tolerance.p99);
  });
});

describe("renderTile", () => {
  it("reads the coarsest overview that is still as fine as the tile, and only the blocks under it", async () => {
    const [x, y] = tilesCovering(OLINDA, 17)[0]!;
    const before = renderCounters.blocksDecoded;
    const deep = await renderTile({ scene: { file: cogs.rgb! }, z: 17, x: x + 3, y: y + 3, bands: [1, 2, 3], stretch: identity });
    expect(deep?.level).toBe(0);
    expect(renderCounters.blocksDecoded - before).toBeLessThanOrEqual(2);
    const [zx, zy] = tilesCovering(OLINDA, 11)[0]!;
    const far = await renderTile({ scene: { file: cogs.rgb! }, z: 11, x: zx, y: zy, bands: [1, 2, 3], stretch: identity });
    expect(far?.level).toBe(2);
  });

  it("is transparent outside the image, and gives nothing for a tile that misses it", async () => {
    const tiles = tilesCovering(OLINDA, 13);
    const edge = await renderTile({ scene: { file: cogs.l7! }, z: 13, x: tiles[0]![0], y: tiles[0]![1], bands: [3, 2, 1], stretch: identity });
    const rgba = await decode(edge!.webp);
    let transparent = 0;
    for (let p = 0; p < 256 * 256; p++) if (rgba[p * 4 + 3] === 0) transparent++;
    expect(transparent).toBeGreaterThan(1000);
    expect(transparent).toBeLessThan(256 * 256);
    expect(await renderTile({ scene: { file: cogs.l7! }, z: 13, x: 0, y: 0, bands: [1], stretch: [{ min: 0, max: 255 }] })).toBeNull();
  });

  it("leaves nodata transparent", async () => {
    // The int16 fixture's top-left 250×300 pixels (about 1.9 × 2.7 km) are nodata: a tile on their edge.
    const [x, y] = tilesCovering([-34.8993, -7.96, -34.8993, -7.96], 15)[0]!;
    const tile = await renderTile({ scene: { file: cogs.int16! }, z: 15, x, y, bands: [1], stretch: [{ min: 0, max: 2000 }] });
    const rgba = await decode(tile!.webp);
    let transparent = 0;
    let opaque = 0;
    for (let p = 0; p < 256 * 256; p++) {
      if (rgba[p * 4 + 3] === 0) transparent++;
      else opaque++;
    }
    const theirs = gdalWarpTile(cogs.int16!, tileBounds(15, x, y), [1], path.join(work, "warp-int16.tif"));
    const gdalTransparent = theirs.alpha.filter((a) => a === 0).length;
    expect(transparent).toBeGreaterThan(1000);
    expect(Math.abs(transparent - gdalTransparent) / (256 * 256)).toBeLessThan(0.01);
    expect(opaque + transparent).toBe(256 * 256);
  });

  it("draws palette images in their own colours", async () => {
    const info = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/imagery-expected/lc.gdalinfo.json"), "utf8")) as { wgs84Extent: { coordinates: number[][][] } };
    const ring = info.wgs84Extent.coordinates[0]!;
    const lons = ring.map((c) => c[0]!);
    const lats = ring.map((c) => c[1]!);
    const bbox: [number, number, number, number] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    const z = 8;
    const tiles = tilesCovering(bbox, z);
    expect(tiles.length).toBeLessThan(8);
    let colours = 0;
    for (const [x, y] of tiles) {
      const tile = await renderTile({ scene: { file: cogs.lc! }, z, x, y, bands: [1], stretch: [], lossless: true });
      if (!tile) continue;
      const rgba = await decode(tile.webp);
      const seen = new Set<number>();
      for (let p = 0; p < 256 * 256; p++) if (rgba[p * 4 + 3]) seen.add((rgba[p * 4]! << 16) | (rgba[p * 4 + 1]! << 8) | rgba[p * 4 + 2]!);
      colours = Math.max(colours, seen.size);
      const theirs = gdalWarpTile(cogs.lc!, tileBounds(z, x, y), [1], path.join(work, `warp-lc-${x}-${y}.tif`), { expand: "rgb", resampling: "near" });
      const r = compare(rgba, theirs);
      if (r.both > 0) expect(r.meanDiff).toBeLessThan(8);
    }
    expect(colours).toBeGreaterThan(2);
  }, 30_000);

  it("refuses bands the scene does not have and tiles that do not exist", async () => {
    await expect(renderTile({ scene: { file: cogs.l7! }, z: 12, x: 0, y: 0, bands: [7, 1, 2], stretch: identity })).rejects.toThrow(ImageryError);
    await expect(renderTile({ scene: { file: cogs.l7! }, z: 3, x: 8, y: 0, bands: [1], stretch: identity })).rejects.toThrow(/does not exist/);
  });
});
