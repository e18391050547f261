// The COG writer against GDAL: for every test GeoTIFF, GDAL must call our
// output a valid COG (its own validator, block leaders and trailers checked),
// with the same size, georeferencing, nodata, colour table and band checksums
// as the input, and overviews equal to GDAL's own AVERAGE overviews;
// geotiff.js must read back exactly the pixels it reads from the input.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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
  ...fs
    .readdirSync(IMAGERY)
    .filter((f) => f.endsWith(".tif"))
    .map((f) => path.join(IMAGERY, f)),
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

// Every test here converts imagery and asks GDAL about it: seconds on a busy
// machine. The timeouts are generous on purpose; no test here measures speed.
const CONVERTS = { timeout: 60_000 };

describe("writeCog, checked by GDAL", CONVERTS, () => {
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

  it("band statistics match GDAL's exact statistics where the image is small enough to take them at full resolution", { timeout: 120_000 }, async () => {
    for (const name of ["L7_ETMs.tif", "generated/l7-int16-nodata.tif", "generated/float-nodata.tif", "generated/l7-multilevel-int16-nodata.tif", "olinda_dem_utm25s.tif"]) {
      const input = path.join(IMAGERY, name);
      const golden = JSON.parse(fs.readFileSync(path.join(EXPECTED, path.basename(name).replace(".tif", ".gdalinfo.json")), "utf8")) as {
        bands: { minimum: number; maximum: number; mean: number; stdDev: number }[];
      };
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
  // Bounded behaviour, not speed: the conversion is chunked (one step per row of
  // tiles) and gives the event loop back between any two steps, so a request
  // arriving during it waits for one step at most, however slow the machine.
  it("converts a 4096×4096 image in steps of one row of tiles, each giving the event loop back", { timeout: 180_000 }, async () => {
    const input = path.join(work, "big-input.tif");
    gdalTranslate(["-b", "3", "-b", "2", "-b", "1", "-outsize", "4096", "4096", "-r", "bilinear", "-co", "COMPRESS=DEFLATE", path.join(IMAGERY, "L7_ETMs.tif"), input]);
    // An immediate that schedules itself again runs once per turn of the event loop.
    let turns = 0;
    let counting = true;
    const turn = () => {
      turns++;
      if (counting) setImmediate(turn);
    };
    setImmediate(turn);
    const steps: { fraction: number; turns: number }[] = [];
    let reportsWhenTimerFired = -1;
    let result: Awaited<ReturnType<typeof writeCog>>;
    try {
      result = await writeCog(input, path.join(work, "big.cog.tif"), {
        onProgress: (p) => {
          // A timer set as the work begins (as a request's would be) fires while the work goes on.
          if (steps.length === 0) setTimeout(() => (reportsWhenTimerFired = steps.length), 0);
          steps.push({ fraction: p.fraction, turns });
        },
      });
    } finally {
      counting = false;
    }
    expect(result.levels.map((l) => l.width)).toEqual([4096, 2048, 1024, 512]);
    // Chunked: one progress step per row of tiles, then writing the file, then done.
    expect(steps.filter((s) => s.fraction < 0.96)).toHaveLength(4096 / COG_TILE_SIZE);
    expect(steps.map((s) => s.fraction).slice(-2)).toEqual([0.96, 1]);
    // Between any two steps the event loop turned: no step holds the thread to the end.
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.turns, `event loop turns by step ${i}`).toBeGreaterThan(steps[i - 1]!.turns);
    expect(reportsWhenTimerFired, "the timer set at the first step fired before the last").toBeGreaterThan(0);
    // …and soon: by the third of the ten steps, not after most of the conversion (a request waits about one step, not the whole work).
    expect(reportsWhenTimerFired).toBeLessThanOrEqual(2);
  });
});

describe("writeCog, progress and failure", CONVERTS, () => {
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
  it.each(hostile.map((f) => [path.basename(f), f]))("refuses %s with a reason, before converting anything, and leaves no file behind", async (_name, input) => {
    const dir = fs.mkdtempSync(path.join(work, "bad-"));
    const progress: CogProgress[] = [];
    const before = process.memoryUsage().arrayBuffers;
    const error = await writeCog(input, path.join(dir, "out.tif"), { onProgress: (p) => progress.push(p) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageryError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    // Refused up front (not after a long decode): no row of tiles was converted,
    // and far less memory than the files claim was taken (the bomb is never inflated).
    expect(progress).toEqual([]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("will not overwrite its input", async () => {
    const input = path.join(work, "self.tif");
    fs.copyFileSync(path.join(IMAGERY, "generated/l7-uint16.tif"), input);
    await expect(writeCog(input, input)).rejects.toThrow(/overwrite the input/);
  });
});
