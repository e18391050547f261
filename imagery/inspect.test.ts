// Golden tests: every test GeoTIFF, read by Sitewatch and compared with what
// GDAL says about it (tests/fixtures/imagery-expected/*.gdalinfo.json, made by
// scripts/make-imagery-fixtures.py). Plus the hostile files.
import fs from "node:fs";
import path from "node:path";
import { distance } from "@turf/turf";
import { describe, expect, it } from "vitest";
import { validateAreaGeometry } from "@/lib/geo/area-geometry";
import { ImageryError } from "./imagery-error";
import { computeGeoTiffStats, inspectGeoTiff } from "./inspect";

const ROOT = path.resolve(import.meta.dirname, "..");
const IMAGERY = path.join(ROOT, "tests/fixtures/imagery");
const EXPECTED = path.join(ROOT, "tests/fixtures/imagery-expected");

interface Golden {
  file: string;
  size: [number, number];
  bands: { type: string; noDataValue: number | null; minimum: number; maximum: number; mean: number; stdDev: number }[];
  geoTransform: number[];
  cornersLonLat: [number, number][];
  linearUnitMetres: number | null;
  metadata: Record<string, string>;
}

const goldens: Golden[] = fs
  .readdirSync(EXPECTED)
  .filter((f) => f.endsWith(".gdalinfo.json"))
  .map((f) => JSON.parse(fs.readFileSync(path.join(EXPECTED, f), "utf8")));

/** One pixel on the ground, in metres (the diagonal, for rotated grids). */
function pixelMetres(g: Golden): number {
  const [, a, b, , d, e] = g.geoTransform as [number, number, number, number, number, number];
  const diagonal = Math.hypot(a! + b!, d! + e!);
  return g.linearUnitMetres ? diagonal * g.linearUnitMetres : diagonal * 111_320;
}

function allPositions(geometry: { type: string; coordinates: unknown }): [number, number][] {
  return (geometry.type === "Polygon" ? (geometry.coordinates as [number, number][][]).flat() : (geometry.coordinates as [number, number][][][]).flat(2)) as [number, number][];
}

describe("inspectGeoTiff against gdalinfo, for every test file", () => {
  it("has goldens for the shared files and the generated variants", () => {
    expect(goldens.length).toBeGreaterThanOrEqual(20);
  });

  for (const g of goldens) {
    describe(path.basename(g.file), () => {
      it("reads size, bands, data type and nodata as GDAL does", async () => {
        const d = await inspectGeoTiff(path.join(ROOT, g.file));
        expect([d.width, d.height]).toEqual(g.size);
        expect(d.bands).toBe(g.bands.length);
        expect(d.dataType).toBe(g.bands[0]!.type);
        expect(d.nodata).toBe(g.bands[0]!.noDataValue ?? null);
      });

      it("has GDAL's geotransform (pixel corners, so pixel-is-point files are shifted by half a pixel)", async () => {
        const d = await inspectGeoTiff(path.join(ROOT, g.file));
        d.geoTransform.forEach((v, i) => expect(v, `geoTransform[${i}]`).toBeCloseTo(g.geoTransform[i]!, 6));
      });

      it("places every corner within one pixel of GDAL/PROJ, in a valid RFC 7946 footprint", async () => {
        const d = await inspectGeoTiff(path.join(ROOT, g.file));
        const positions = allPositions(d.footprint);
        const tolerance = pixelMetres(g);
        for (const corner of g.cornersLonLat) {
          const nearest = Math.min(...positions.map((p) => distance(p, corner, { units: "meters" })));
          expect(nearest, `corner ${corner}`).toBeLessThan(tolerance);
        }
        const valid = validateAreaGeometry(d.footprint);
        expect(valid.ok, valid.ok ? "" : valid.message).toBe(true);
        // Edges are densified, so a curved edge is not a wrong straight line.
        expect(positions.length).toBeGreaterThan(16);
      });

      it("decodes the pixels to GDAL's statistics", async () => {
        const d = await inspectGeoTiff(path.join(ROOT, g.file));
        const stats = await computeGeoTiffStats(path.join(ROOT, g.file), d.nodata);
        const lossy = g.file.includes("jpeg");
        // Past 1024 pixels a side, the statistics come from a nearest-neighbour sample: close to GDAL's, not equal.
        if (Math.max(...g.size) > 1024) {
          g.bands.forEach((expected, b) => {
            const got = stats[b]!;
            const range = expected.maximum - expected.minimum;
            expect(got.min).toBeGreaterThanOrEqual(expected.minimum);
            expect(got.max).toBeLessThanOrEqual(expected.maximum);
            expect(Math.abs(got.mean - expected.mean), `band ${b + 1} mean`).toBeLessThanOrEqual(0.01 * range);
            expect(Math.abs(got.std - expected.stdDev), `band ${b + 1} std`).toBeLessThanOrEqual(0.02 * expected.stdDev);
          });
          return;
        }
        g.bands.forEach((expected, b) => {
          const got = stats[b]!;
          const tol = (v: number) => (lossy ? 2 : Math.max(1e-6, Math.abs(v) * 1e-6));
          expect(Math.abs(got.min - expected.minimum), `band ${b + 1} min`).toBeLessThanOrEqual(tol(expected.minimum));
          expect(Math.abs(got.max - expected.maximum), `band ${b + 1} max`).toBeLessThanOrEqual(tol(expected.maximum));
          expect(Math.abs(got.mean - expected.mean), `band ${b + 1} mean`).toBeLessThanOrEqual(lossy ? 0.5 : tol(expected.mean));
          expect(Math.abs(got.std - expected.stdDev), `band ${b + 1} std`).toBeLessThanOrEqual(lossy ? 0.5 : tol(expected.stdDev));
        });
      });
    });
  }
});

describe("footprints where lon/lat is awkward", () => {
  it("cuts a scene crossing the antimeridian into two polygons, with GDAL's west > east bbox", async () => {
    const d = await inspectGeoTiff(path.join(IMAGERY, "generated/antimeridian-utm1n.tif"));
    expect(d.crossesAntimeridian).toBe(true);
    expect(d.footprint.type).toBe("MultiPolygon");
    const [west, south, east, north] = d.bbox;
    expect(west).toBeCloseTo(178.466315, 5);
    expect(east).toBeCloseTo(-178.7796067, 5);
    expect(south).toBeCloseTo(59.6876535, 5);
    expect(north).toBeCloseTo(60.4238988, 5);
    for (const [lon] of allPositions(d.footprint)) expect(Math.abs(lon)).toBeLessThanOrEqual(180);
  });

  it("closes a footprint round the North Pole through the pole", async () => {
    const d = await inspectGeoTiff(path.join(IMAGERY, "generated/arctic-polar-stereo.tif"));
    expect(d.containsPole).toBe("north");
    expect(d.bbox[3]).toBe(90);
    const valid = validateAreaGeometry(d.footprint);
    // A 1000 km square in polar stereographic (true scale at 70°N): about 1.05 million km².
    expect(valid.ok && valid.areaM2 / 1e12).toBeGreaterThan(0.95);
    expect(valid.ok && valid.areaM2 / 1e12).toBeLessThan(1.15);
  });

  it("builds user-defined CRSs from GeoKeys: Albers on NAD83, UTM on a custom datum, LCC in US feet", async () => {
    expect((await inspectGeoTiff(path.join(IMAGERY, "lc.tif"))).crs).toMatch(/^\+proj=aea .*\+datum=NAD83/);
    expect((await inspectGeoTiff(path.join(IMAGERY, "olinda_dem_utm25s.tif"))).crs).toMatch(/^\+proj=utm \+zone=25 \+south .*\+towgs84=0,0,0/);
    expect((await inspectGeoTiff(path.join(IMAGERY, "generated/lcc-us-feet.tif"))).crs).toMatch(/\+units=us-ft/);
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
});

describe("hand-made hostile files are refused before large allocations", () => {
  const cases: [string, RegExp][] = [
    ["ifd-loop.tif", /directory chain loops back/],
    ["ifd-past-end.tif", /past the end/],
    ["lying-byte-counts.tif", /truncated: block 0 ends at byte 1073741832/],
    ["two-pow-31-pixels.tif", /65536×32768 pixels is beyond the limit/],
    ["deflate-bomb.tif", /decompression bomb/],
  ];
  for (const [file, message] of cases) {
    it(`${file}`, async () => {
      const before = process.memoryUsage().arrayBuffers;
      const full = path.join(IMAGERY, "hostile", file);
      const error = await inspectGeoTiff(full)
        .then((d) => computeGeoTiffStats(full, d.nodata))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImageryError);
      expect((error as ImageryError).message).toMatch(message);
      // What "quickly" means here, independent of the machine's speed: the answer
      // comes from the headers and a bounded read (a loop in the directory chain
      // is detected, not followed: an endless loop would hit the test timeout), and
      // the 100 MB bomb is never inflated: far less than that was taken.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
    });
  }
});
