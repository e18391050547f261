import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ImageryError } from "./imagery-error";
import { computeGeoTiffStats, inspectGeoTiff } from "./inspect";

const IMAGERY = path.resolve(import.meta.dirname, "../tests/fixtures/imagery");
const EXPECTED = path.resolve(import.meta.dirname, "../tests/fixtures/imagery-expected");

describe("inspectGeoTiff on the real Landsat 7 subset, against gdalinfo", () => {
  const gdal = JSON.parse(fs.readFileSync(path.join(EXPECTED, "L7_ETMs.gdalinfo.json"), "utf8"));

  it("reads size, bands, type and CRS as GDAL does", async () => {
    const d = await inspectGeoTiff(path.join(IMAGERY, "L7_ETMs.tif"));
    expect([d.width, d.height]).toEqual(gdal.size);
    expect(d.bands).toBe(gdal.bands);
    expect(d.dataType).toBe(gdal.dataType);
    expect(d.crs).toBe(`EPSG:${gdal.epsg}`);
    expect(d.geoTransform.map((v) => v.toFixed(4))).toEqual(gdal.geoTransform.map((v: number) => v.toFixed(4)));
    expect(d.gsdM).toBeCloseTo(28.5, 3);
  });

  it("places the four footprint corners within one pixel of GDAL's", async () => {
    const d = await inspectGeoTiff(path.join(IMAGERY, "L7_ETMs.tif"));
    const ring = d.footprint.coordinates[0]!;
    const onePixelDeg = 28.5 / 111_000;
    for (const corner of gdal.wgs84Extent.coordinates[0].slice(0, 4) as [number, number][]) {
      const nearest = Math.min(...ring.map(([lon, lat]) => Math.hypot(lon! - corner[0], lat! - corner[1])));
      expect(nearest).toBeLessThan(onePixelDeg);
    }
    // Densified: more than the four corners, so a curved edge is not a wrong rectangle.
    expect(ring.length).toBeGreaterThan(16);
  });

  it("computes a display stretch inside each band's range", async () => {
    const stats = await computeGeoTiffStats(path.join(IMAGERY, "L7_ETMs.tif"), null);
    expect(stats).toHaveLength(6);
    for (const s of stats) {
      expect(s.min).toBeLessThanOrEqual(s.p2);
      expect(s.p2).toBeLessThan(s.p98);
      expect(s.p98).toBeLessThanOrEqual(s.max);
      expect(s.validCount).toBe(349 * 352);
    }
  });
});

describe("inspectGeoTiff refuses hostile files with a reason", () => {
  const cases: [string, ImageryError["code"], RegExp][] = [
    ["empty.tif", "unreadable", /empty/],
    ["not-a-tiff.tif", "unreadable", /not a TIFF/],
    ["truncated.tif", "unreadable", /truncated/],
    ["dimension-bomb.tif", "too-large", /200000×200000/],
    ["no-georeferencing.tif", "unreadable", /no georeferencing/],
  ];
  for (const [file, code, message] of cases) {
    it(`${file}: ${code}`, async () => {
      const error = await inspectGeoTiff(path.join(IMAGERY, "bad", file)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImageryError);
      expect((error as ImageryError).code).toBe(code);
      expect((error as ImageryError).message).toMatch(message);
    });
  }

  it("refuses a user-defined CRS it cannot yet build rather than guess a footprint", async () => {
    const error = await inspectGeoTiff(path.join(IMAGERY, "lc.tif")).catch((e: unknown) => e);
    expect((error as ImageryError).message).toMatch(/^unsupported: /);
  });
});
