// A ModelTiepoint whose raster point is not the corner (I, J ≠ 0), as older
// tools write: the same georeferencing stated another way, so the footprint
// must not move. The files are the Landsat fixture with its tiepoint rewritten
// in place; GDAL reads each the same as the original, and so must we.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inspectGeoTiff } from "./inspect";

const L7 = path.resolve(import.meta.dirname, "../tests/fixtures/imagery/L7_ETMs.tif");

/** The fixture with its one tiepoint (0, 0) → (X, Y) rewritten as (I, J) → (X + I·sx, Y − J·sy): the same grid. */
function retied(i: number, j: number): string {
  const bytes = Buffer.from(fs.readFileSync(L7));
  const gt = JSON.parse(execFileSync("gdalinfo", ["-json", L7], { encoding: "utf8" })).geoTransform as number[];
  const original = Buffer.alloc(48);
  [0, 0, 0, gt[0]!, gt[3]!, 0].forEach((v, k) => original.writeDoubleLE(v, k * 8));
  const at = bytes.indexOf(original);
  if (at < 0 || bytes.indexOf(original, at + 1) >= 0) throw new Error("the fixture's tiepoint was not found exactly once");
  [i, j, 0, gt[0]! + i * gt[1]!, gt[3]! + j * gt[5]!, 0].forEach((v, k) => bytes.writeDoubleLE(v, at + k * 8));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "retied-")), `retied-${i}-${j}.tif`);
  fs.writeFileSync(out, bytes);
  return out;
}

const gdalGt = (file: string) => JSON.parse(execFileSync("gdalinfo", ["-json", file], { encoding: "utf8" })).geoTransform as number[];

describe("a tiepoint that ties a pixel other than the corner", () => {
  for (const [i, j] of [
    [10, 20],
    [0.5, 0.5],
    [200, 0],
    [0, 150],
  ] as const) {
    it(`(I, J) = (${i}, ${j}): the same geotransform as GDAL's and the same footprint as the original`, async () => {
      const file = retied(i, j);
      const gdal = gdalGt(file);
      // GDAL reads the rewritten file as the original: the rewrite is only another way to say the same grid.
      gdal.forEach((v, k) => expect(v).toBeCloseTo(gdalGt(L7)[k]!, 6));
      const ours = await inspectGeoTiff(file);
      const original = await inspectGeoTiff(L7);
      ours.geoTransform.forEach((v, k) => expect(v).toBeCloseTo(gdal[k]!, 6));
      ours.bbox.forEach((v, k) => expect(v).toBeCloseTo(original.bbox[k]!, 9));
    });
  }
});

// Ground control points (several tiepoints) are fitted and warped: imagery/gcp/gcp-warp.test.ts.
