// OGC API – Features read by GDAL's own client (the OAPIF driver), the way a
// GIS user's QGIS or ogr2ogr would: the summary lists the collection with the
// right feature count and attributes, and a bbox export to GeoPackage gets
// exactly the features the server matches. GDAL is a test dependency only.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseUrl } from "./helpers";

function gdal(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", env: { ...process.env, GDAL_HTTP_TIMEOUT: "30", CPL_DEBUG: "OFF" }, maxBuffer: 64 << 20 });
}

describe("OGC API – Features with GDAL", () => {
  it("ogrinfo sees the changes collection with every published change and its attributes", async () => {
    const items = await (await fetch(`${baseUrl()}/ogc/collections/changes/items?limit=1`)).json();
    expect(items.numberMatched).toBeGreaterThan(0);
    const out = gdal("ogrinfo", ["-ro", "-al", "-so", `OAPIF:${baseUrl()}/ogc`]);
    expect(out).toMatch(/Layer name: changes/);
    expect(Number(/Feature Count: (\d+)/.exec(out)?.[1])).toBe(items.numberMatched);
    for (const field of ["changeType", "confidence", "detectedAfter", "detectedBy", "areaM2", "reviewers", "citation"]) expect(out).toMatch(new RegExp(`^${field}: `, "m"));
    expect(out).toMatch(/Geometry: (Multi Polygon|Polygon|Unknown \(any\))/);
  });

  it("ogr2ogr exports to GeoPackage with a bbox, getting exactly the features the server matches", async () => {
    const bbox = [-34.885, -7.985, -34.87, -7.97];
    const expected = await (await fetch(`${baseUrl()}/ogc/collections/changes/items?bbox=${bbox.join(",")}&limit=1000`)).json();
    const all = await (await fetch(`${baseUrl()}/ogc/collections/changes/items?limit=1000`)).json();
    expect(expected.numberMatched).toBeGreaterThan(0);
    expect(expected.numberMatched).toBeLessThan(all.numberMatched); // the box is a real filter here
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-ogr-"));
    const gpkg = path.join(dir, "changes.gpkg");
    try {
      gdal("ogr2ogr", ["-f", "GPKG", gpkg, `OAPIF:${baseUrl()}/ogc`, "changes", "-spat", ...bbox.map(String)]);
      const out = gdal("ogrinfo", ["-ro", "-al", gpkg]);
      expect(Number(/Feature Count: (\d+)/.exec(out)?.[1])).toBe(expected.numberMatched);
      for (const f of expected.features) expect(out).toContain(f.id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
