// Golden tests against GDAL: GeoTIFFs in national grids and unusual projections,
// written by GDAL (user-defined GeoKeys, EPSG codes, an ESRI PE string, a CRS
// named only in a citation), each placed where GDAL places it. The expected
// corners come from gdaltransform on the same file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fromFile } from "geotiff";
import { describe, expect, it } from "vitest";
import { toLonLat } from "./crs";
import { inspectGeoTiff } from "./inspect";

const L7 = path.resolve(import.meta.dirname, "../tests/fixtures/imagery/L7_ETMs.tif");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "projections-"));

/** A 10×10 GeoTIFF in `srs` whose upper-left and lower-right corners are at (x0, y0) and (x1, y1). */
function written(name: string, srs: string, [x0, y0, x1, y1]: number[]): string {
  const out = path.join(dir, `${name}.tif`);
  execFileSync("gdal_translate", ["-q", "-a_srs", srs, "-a_ullr", String(x0), String(y0), String(x1), String(y1), "-outsize", "10", "10", L7, out]);
  return out;
}

/** The largest difference, in degrees, between our corners and GDAL's (gdaltransform to EPSG:4326). */
async function cornerError(file: string): Promise<number> {
  const d = await inspectGeoTiff(file);
  const pixels = [
    [0, 0],
    [d.width, 0],
    [d.width, d.height],
    [0, d.height],
  ];
  const gdal = execFileSync("gdaltransform", [file, "-t_srs", "EPSG:4326", "-output_xy"], { input: pixels.map((p) => p.join(" ")).join("\n"), encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const ours = toLonLat({ crs: d.crs, proj4: d.crsProj4, unit: "metre", geographic: false });
  const gt = d.geoTransform;
  return Math.max(
    ...pixels.flatMap(([c, r], k) => {
      const [lon, lat] = ours([gt[0] + c! * gt[1] + r! * gt[2], gt[3] + c! * gt[4] + r! * gt[5]]);
      return [Math.abs(lon - gdal[k]![0]!), Math.abs(lat - gdal[k]![1]!)];
    }),
  );
}

const geoKeys = async (file: string) => (await (await fromFile(file)).getImage()).getGeoKeys() as Record<string, unknown>;

// 1e-7° is about a centimetre: the same maths, not merely the same neighbourhood.
const EXACT = 1e-7;

describe("projection methods built from user-defined GeoKeys", () => {
  const cases: [string, number, string, number[]][] = [
    [
      "oblique stereographic (Dutch RD grid)",
      16,
      "+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m",
      [120000, 490000, 121000, 489000],
    ],
    ["Lambert azimuthal equal area", 10, "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m", [4321000, 3210000, 4322000, 3209000]],
    ["stereographic", 14, "+proj=stere +lat_0=40 +lon_0=-3 +k=0.9996 +x_0=500000 +y_0=300000 +ellps=intl +units=m", [510000, 310000, 511000, 309000]],
    [
      "Hotine oblique Mercator, variant B",
      9815,
      "+proj=omerc +lat_0=4 +lonc=115 +alpha=53.31582047222222 +k=0.99984 +x_0=590476.87 +y_0=442857.65 +gamma=53.13010236111111 +ellps=GRS80 +units=m",
      [600000, 450000, 601000, 449000],
    ],
    [
      "Hotine oblique Mercator, variant A",
      3,
      "+proj=omerc +no_uoff +lat_0=4 +lonc=115 +alpha=53.31582047222222 +k=0.99984 +x_0=0 +y_0=0 +gamma=53.13010236111111 +ellps=GRS80 +units=m",
      [10000, 10000, 11000, 9000],
    ],
    ["azimuthal equidistant", 12, "+proj=aeqd +lat_0=13.47246635277778 +lon_0=144.7487507055556 +x_0=50000 +y_0=50000 +ellps=clrk66 +units=m", [51000, 51000, 52000, 50000]],
    ["equidistant conic", 13, "+proj=eqdc +lat_0=40 +lon_0=-96 +lat_1=20 +lat_2=60 +x_0=0 +y_0=0 +datum=WGS84 +units=m", [10000, 10000, 11000, 9000]],
    [
      "Cassini-Soldner",
      18,
      "+proj=cass +lat_0=10.44166666666667 +lon_0=-61.33333333333334 +x_0=86501.46392052001 +y_0=65379.0134283 +a=6378293.645208759 +b=6356617.987679838 +units=m",
      [87000, 66000, 88000, 65000],
    ],
    ["gnomonic", 19, "+proj=gnom +lat_0=45 +lon_0=10 +x_0=0 +y_0=0 +datum=WGS84 +units=m", [10000, 10000, 11000, 9000]],
    ["orthographic", 21, "+proj=ortho +lat_0=45 +lon_0=10 +x_0=0 +y_0=0 +ellps=sphere +units=m", [10000, 10000, 11000, 9000]],
    ["polyconic", 22, "+proj=poly +lat_0=0 +lon_0=-54 +x_0=5000000 +y_0=10000000 +ellps=aust_SA +units=m", [5000000, 9000000, 5001000, 8999000]],
    ["New Zealand map grid", 26, "+proj=nzmg +lat_0=-41 +lon_0=173 +x_0=2510000 +y_0=6023150 +ellps=intl +units=m", [2500000, 6000000, 2501000, 5999000]],
    ["cylindrical equal area", 28, "+proj=cea +lat_ts=30 +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m", [1000000, 3000000, 1001000, 2999000]],
    ["Robinson", 23, "+proj=robin +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m", [1000000, 5000000, 1001000, 4999000]],
  ];
  for (const [name, method, srs, corners] of cases) {
    it(`${name}: placed where GDAL places it`, async () => {
      const file = written(name.replace(/\W+/g, "-"), srs, corners);
      // The file states the CRS by method and parameters, not by a code: the path under test.
      expect((await geoKeys(file)).ProjCoordTransGeoKey).toBe(method);
      // Robinson is a polynomial table in both; their interpolations agree to 2e-7°.
      expect(await cornerError(file)).toBeLessThan(name === "Robinson" ? 1e-6 : EXACT);
    });
  }

  for (const [name, srs] of [
    ["Miller cylindrical", "+proj=mill +R_A +lon_0=0 +datum=WGS84 +units=m"],
    ["Van der Grinten", "+proj=vandg +R_A +lon_0=0 +datum=WGS84 +units=m"],
    ["south-oriented transverse Mercator", "+proj=tmerc +axis=wsu +lat_0=-22 +lon_0=25 +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"],
  ] as const) {
    it(`${name}, which proj4js would misplace, is refused with its method named`, async () => {
      const file = written(name.replace(/\W+/g, "-"), srs, [1000000, 5000000, 1001000, 4999000]);
      await expect(inspectGeoTiff(file)).rejects.toThrow(/unsupported: projection method \d+ \(ProjCoordTransGeoKey\)/);
    });
  }
});

describe("national grids by EPSG code", () => {
  it("EPSG:28992 (RD New) and EPSG:2039 (Israeli grid) take PROJ's datum shift: the index's rotations were 150 m and 50 m off", async () => {
    expect(await cornerError(written("rd-new", "EPSG:28992", [120000, 490000, 121000, 489000]))).toBeLessThan(EXACT);
    expect(await cornerError(written("israel", "EPSG:2039", [200000, 700000, 201000, 699000]))).toBeLessThan(EXACT);
  });

  it("EPSG:3035 (LAEA Europe) matches GDAL", async () => {
    expect(await cornerError(written("laea-europe", "EPSG:3035", [4321000, 3210000, 4322000, 3209000]))).toBeLessThan(EXACT);
  });

  it("EPSG:5514 (Krovak East North) is within the 6 m stated for its datum shift", async () => {
    // PROJ picks, per point, among several S-JTSK shifts; the one for the whole CRS is stated to 6 m (1e-4° ≈ 7–11 m here).
    expect(await cornerError(written("krovak-en", "EPSG:5514", [-700000, -1100000, -699000, -1101000]))).toBeLessThan(1e-4);
  });
});

describe("a CRS stated only in a citation key", () => {
  it("an ESRI PE string (GDAL writes Krovak so) is read as GDAL reads it", async () => {
    const file = written(
      "krovak-pe",
      "+proj=krovak +lat_0=49.5 +lon_0=24.83333333333333 +alpha=30.28813972222222 +k=0.9999 +x_0=0 +y_0=0 +ellps=bessel +units=m",
      [-700000, -1100000, -699000, -1101000],
    );
    const keys = await geoKeys(file);
    expect(keys.GTModelTypeGeoKey).toBe(32767);
    expect(String(keys.PCSCitationGeoKey)).toMatch(/^ESRI PE String = PROJCS/);
    expect(await cornerError(file)).toBeLessThan(EXACT);
    const d = await inspectGeoTiff(file);
    expect(d.crs).toMatch(/^ESRI PE string "unknown" \(Krovak, [0-9a-f]{8}\)$/);
    expect(d.crsSource).toBe("its ESRI PE string");
  });

  /** The file GDAL writes for `code`, with its ProjectedCSTypeGeoKey made user-defined: only the citation names the CRS. */
  function citationOnly(code: number, corners: number[]): string {
    const bytes = Buffer.from(fs.readFileSync(written(`epsg-${code}`, `EPSG:${code}`, corners)));
    const entry = Buffer.alloc(8);
    [3072, 0, 1, code].forEach((v, k) => entry.writeUInt16LE(v, k * 2));
    const at = bytes.indexOf(entry);
    expect(at).toBeGreaterThan(0);
    bytes.writeUInt16LE(32767, at + 6);
    const out = path.join(dir, `cited-${code}.tif`);
    fs.writeFileSync(out, bytes);
    return out;
  }

  it('the exact name of one EPSG CRS ("WGS 84 / Pseudo-Mercator", "WGS 84 / UTM zone 33N") is read as that CRS', async () => {
    for (const [code, corners, name] of [
      [3857, [-3890000, -890000, -3889000, -891000], "WGS 84 / Pseudo-Mercator"],
      [32633, [500000, 5000000, 501000, 4999000], "WGS 84 / UTM zone 33N"],
    ] as const) {
      const file = citationOnly(code, [...corners]);
      const keys = await geoKeys(file);
      expect(keys.ProjectedCSTypeGeoKey).toBe(32767);
      expect(keys.GTCitationGeoKey).toBe(name);
      const d = await inspectGeoTiff(file);
      expect(d.crs).toBe(`EPSG:${code}`);
      expect(d.crsSource).toBe(`the name "${name}"`);
      expect(d.bbox).toEqual((await inspectGeoTiff(path.join(dir, `epsg-${code}.tif`))).bbox);
    }
  });

  it("a name that is no EPSG CRS's is refused, saying what is missing", async () => {
    const bytes = Buffer.from(fs.readFileSync(citationOnly(3857, [-3890000, -890000, -3889000, -891000])));
    const at = bytes.indexOf("WGS 84 / Pseudo-Mercator");
    bytes.write("WGS 84 / Pseudo-Mercatox", at);
    const out = path.join(dir, "unknown-name.tif");
    fs.writeFileSync(out, bytes);
    await expect(inspectGeoTiff(out)).rejects.toThrow(/names its coordinate system only as "WGS 84 \/ Pseudo-Mercatox", which is no EPSG coordinate system's name/);
  });
});
