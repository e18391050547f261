// The COG writer against GDAL: for every test GeoTIFF, GDAL must call our
// output a valid COG (its own validator, block leaders and trailers checked),
// with the same size, georeferencing, nodata, colour table and band checksums
// as the input, and overviews equal to GDAL's own AVERAGE overviews;
// geotiff.js must read back exactly the pixels it reads from the input.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fromFile } from "geotiff";
import { afterAll, describe, expect, it } from "vitest";
import { gdalinfo, gdalTranslate, validateCog } from "@/tests/support/gdal";
import { ImageryError } from "../imagery-error";
import { COG_TILE_SIZE, writeCog, type CogProgress } from "./write-cog";

const ROOT = path.resolve(import.meta.dirname, "../..");
const IMAGERY = path.join(ROOT, "tests/fixtures/imagery");
const EXPECTED = path.join(ROOT, "tests/fixtures/imagery-expected");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-cog-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const inputs = [
  ...fs.readdirSync(IMAGERY).filter((f) => f.endsWith(".tif")).map((f) => path.join(IMAGERY, f)),
  ...fs.readdirSync(path.join(IMAGERY, "generated")).map((f) => path.join(IMAGERY, "generated", f)),
];
/** geotiff.js and libjpeg decode JPEG slightly differently; every other format is lossless. */
const lossyDecode = (file: string) => file.includes("jpeg");

async function readAll(file: string) {
  const tiff = await fromFile(file);
  try {
    const image = await tiff.getImage(0);
    return { count: await tiff.getImageCount(), data: (await image.readRasters({ interleave: true })) as unknown as ArrayLike<number> };
  } finally {
    await tiff.close();
  }
}

describe("writeCog, checked by GDAL", () => {
  it.each(inputs.map((f) => [path.basename(f), f]))("%s becomes a valid COG with the same pixels and georeferencing", async (_name, input) => {
    const output = path.join(work, `${path.basename(input, ".tif")}.cog.tif`);
    const result = await writeCog(input, output);

    expect(validateCog(output)).toEqual([]);
    const before = gdalinfo(input);
    const after = gdalinfo(output);
    expect(after.metadata.IMAGE_STRUCTURE).toMatchObject({ LAYOUT: "COG", COMPRESSION: "DEFLATE" });
    expect(["2", "3"]).toContain(after.metadata.IMAGE_STRUCTURE!.PREDICTOR);
    expect(after.size).toEqual(before.size);
    expect(after.geoTransform).toEqual(before.geoTransform);
    expect(after.coordinateSystem?.wkt).toEqual(before.coordinateSystem?.wkt);
    expect(after.bands.map((b) => [b.type, b.noDataValue, b.colorTable?.entries])).toEqual(before.bands.map((b) => [b.type, b.noDataValue, b.colorTable?.entries]));
    for (const b of after.bands) expect(b.block).toEqual([COG_TILE_SIZE, COG_TILE_SIZE]);
    if (!lossyDecode(input)) expect(after.bands.map((b) => b.checksum)).toEqual(before.bands.map((b) => b.checksum));

    // Overviews halve down to one tile.
    const sizes = [after.size, ...(after.bands[0]!.overviews ?? []).map((o) => o.size)];
    expect(sizes).toEqual(result.levels.map((l) => [l.width, l.height]));
    const smallest = sizes.at(-1)!;
    expect(Math.max(...smallest)).toBeLessThanOrEqual(COG_TILE_SIZE);
    if (sizes.length > 1) expect(Math.max(...sizes.at(-2)!)).toBeGreaterThan(COG_TILE_SIZE);

    // geotiff.js reads back exactly what it reads from the input.
    const [a, b] = [await readAll(input), await readAll(output)];
    expect(b.count).toBe(sizes.length);
    expect(Buffer.from(new Uint8Array((b.data as Uint8Array).buffer)).equals(Buffer.from(new Uint8Array((a.data as Uint8Array).buffer)))).toBe(true);
  });

  it.each(["l7-multilevel-int16-nodata.tif", "l7-multilevel-rgb-tiled.tif"])("%s: overviews equal GDAL's AVERAGE overviews, nodata left out", async (name) => {
    const input = path.join(IMAGERY, "generated", name);
    const ours = path.join(work, `ovr-${name}`);
    const theirs = path.join(work, `ovr-gdal-${name}`);
    await writeCog(input, ours);
    gdalTranslate(["-of", "COG", "-co", "RESAMPLING=AVERAGE", input, theirs]);
    const overviews = (f: string) => gdalinfo(f).bands.map((b) => b.overviews?.map((o) => [o.size, o.checksum]));
    expect(overviews(ours)[0]!.length).toBeGreaterThanOrEqual(2);
    expect(overviews(ours)).toEqual(overviews(theirs));
  });

  it("band statistics match GDAL's exact statistics where the image is small enough to take them at full resolution", async () => {
    for (const name of ["L7_ETMs.tif", "generated/l7-int16-nodata.tif", "generated/float-nodata.tif", "generated/l7-multilevel-int16-nodata.tif", "olinda_dem_utm25s.tif"]) {
      const input = path.join(IMAGERY, name);
      const golden = JSON.parse(fs.readFileSync(path.join(EXPECTED, path.basename(name).replace(".tif", ".gdalinfo.json")), "utf8")) as { bands: { minimum: number; maximum: number; mean: number; stdDev: number }[] };
      const { bandStats } = await writeCog(input, path.join(work, `stats-${path.basename(name)}`));
      expect(bandStats).toHaveLength(golden.bands.length);
      bandStats.forEach((s, i) => {
        const g = golden.bands[i]!;
        expect(s.min, `${name} band ${i + 1} min`).toBeCloseTo(g.minimum, 6);
        expect(s.max, `${name} band ${i + 1} max`).toBeCloseTo(g.maximum, 6);
        expect(s.mean, `${name} band ${i + 1} mean`).toBeCloseTo(g.mean, 6);
        expect(s.std, `${name} band ${i + 1} std`).toBeCloseTo(g.stdDev, 4);
        expect(s.p2).toBeGreaterThanOrEqual(s.min);
        expect(s.p98).toBeLessThanOrEqual(s.max);
        expect(s.p2).toBeLessThan(s.p98);
      });
    }
  });
});

describe("writeCog, while a server goes on serving", () => {
  it("converts a 4096×4096 image in bounded steps: the event loop is never held for long", async () => {
    const input = path.join(work, "big-input.tif");
    gdalTranslate(["-b", "3", "-b", "2", "-b", "1", "-outsize", "4096", "4096", "-r", "bilinear", "-co", "COMPRESS=DEFLATE", path.join(IMAGERY, "L7_ETMs.tif"), input]);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const result = await writeCog(input, path.join(work, "big.cog.tif"));
    delay.disable();
    expect(result.levels.map((l) => l.width)).toEqual([4096, 2048, 1024, 512]);
    // A request arriving at any moment of the conversion waits at most this long for the main thread.
    expect(delay.max / 1e6).toBeLessThan(250);
    expect(delay.percentile(99) / 1e6).toBeLessThan(100);
  }, 60_000);
});

describe("writeCog, progress and failure", () => {
  it("reports progress from 0 to 1 in order", async () => {
    const seen: CogProgress[] = [];
    await writeCog(path.join(IMAGERY, "generated/l7-multilevel-int16-nodata.tif"), path.join(work, "progress.tif"), { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)!.fraction).toBe(1);
    expect(seen.map((p) => p.fraction)).toEqual([...seen.map((p) => p.fraction)].sort((x, y) => x - y));
  });

  it("stops when cancelled and leaves no file behind", async () => {
    const dir = fs.mkdtempSync(path.join(work, "cancel-"));
    const controller = new AbortController();
    const run = writeCog(path.join(IMAGERY, "generated/l7-multilevel-int16-nodata.tif"), path.join(dir, "out.tif"), {
      signal: controller.signal,
      onProgress: (p) => p.fraction > 0 && controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  const hostile = ["bad", "hostile"].flatMap((dir) => fs.readdirSync(path.join(IMAGERY, dir)).map((f) => path.join(IMAGERY, dir, f)));
  it.each(hostile.map((f) => [path.basename(f), f]))("refuses %s with a reason and leaves no file behind", async (_name, input) => {
    const dir = fs.mkdtempSync(path.join(work, "bad-"));
    const started = performance.now();
    const error = await writeCog(input, path.join(dir, "out.tif")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageryError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("will not overwrite its input", async () => {
    const input = path.join(work, "self.tif");
    fs.copyFileSync(path.join(IMAGERY, "generated/l7-uint16.tif"), input);
    await expect(writeCog(input, input)).rejects.toThrow(/overwrite the input/);
  });
});
