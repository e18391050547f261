// A world-wide raster whose georeferencing passes ±180° by floating-point dust
// is the whole world, not outside it; one that truly passes the edge is still
// refused. Files made with GDAL (-a_ullr) from the Landsat fixture's pixels.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORLD_EDGE_DUST_DEG } from "./footprint";
import { inspectGeoTiff } from "./inspect";

const L7 = path.resolve(import.meta.dirname, "../tests/fixtures/imagery/L7_ETMs.tif");

function world(west: number, east: number): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "world-")), "world.tif");
  execFileSync("gdal_translate", ["-q", "-of", "GTiff", "-a_srs", "EPSG:4326", "-a_ullr", String(west), "90", String(east), "-90", "-outsize", "36", "18", L7, out]);
  return out;
}

describe("the edges of the world", () => {
  it("clamps an extent that passes ±180° by a few micro-degrees", async () => {
    const d = await inspectGeoTiff(world(-180.000005, 180.000005));
    expect(d.bbox).toEqual([-180, -90, 180, 90]);
  });

  it("still refuses one that passes the edge by more than dust", async () => {
    await expect(inspectGeoTiff(world(-180 - 10 * WORLD_EDGE_DUST_DEG, 180))).rejects.toThrow(/falls outside lon -180\.\.180/);
  });
});
