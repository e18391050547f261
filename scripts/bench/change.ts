// npm run bench:change — `sitewatch detect` against a plain GDAL change
// pipeline on the same 8192×8192 three-band uint8 pair, alternating, median of
// BENCH_RUNS (3) runs each (wall time and peak RSS of the whole process,
// startup included).
//
// Before: the benchmark input (.bench/input-8192.tif, made by ensureInput()).
// After: .bench/change-after-8192.tif, made once by make-change-pair.py (GDAL +
// numpy): the before scene with ~4,000 synthetic changes painted in (roofs and
// burn scars: rectangles, L-shapes, rings, blobs), then after = 1.12 · x + 10
// and Gaussian noise σ 2.5; written deflate-compressed and striped, as the
// input is. Its objects are listed in .bench/change-after-8192.tif.json.
//
// Sitewatch: `node bin/sitewatch.mjs detect BEFORE AFTER --aoi AOI --out OUT
// --json`, the area of interest being the scene's footprint in EPSG:4326,
// inset by 16 pixels (densified edges).
// GDAL, three commands, timed one by one (wall = sum, peak RSS = max):
//  1. gdal_calc.py: sum over the 3 bands of |before − (gain · after + offset)| > T
//     into a Byte raster (1 changed, 0 not). The gains and offsets are the ones
//     Sitewatch fitted (from its first run's --json), so GDAL gets the
//     radiometric normalisation for free; T = 45 (sum of grey levels), fixed;
//  2. gdal_sieve.py -st 9 -4 -nomask: regions under 9 pixels merged away;
//  3. gdal_polygonize.py -mask (the sieved raster itself, so only the changed
//     regions become polygons), to GeoPackage in the scene's CRS.
// Intermediate rasters uncompressed, GDAL's default striped layout: the fastest
// choice for GDAL here (gdal_calc with --co COMPRESS=DEFLATE --co TILED=YES took
// ~8 % longer; gdal_sieve.py takes no creation options). gdal_calc's output
// nodata is its Byte default (255, never produced; --NoDataValue=none is not
// accepted by GDAL 3.6's gdal_calc.py), and the sieve ignores it (-nomask).
// Targets (issue): wall ratio ≤ 0.5, Sitewatch peak RSS ≤ 400 MiB.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fromFile } from "geotiff";
import type { Polygon, Position } from "geojson";
import { resolveGeoTiffCrs, toLonLat } from "@/imagery/crs";
import { BENCH_DIR, ensureInput, median, ROOT, timed, writeResult, type Timed } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const T = Number(process.env.BENCH_CHANGE_T ?? 45);
const INSET_PX = 16;
const TARGETS = { wallRatio: 0.5, peakRssMiB: 400 };

const dir = path.join(BENCH_DIR, "change");
const before = ensureInput();
const after = path.join(BENCH_DIR, "change-after-8192.tif");
const aoiFile = path.join(dir, "aoi.geojson");
const ours = path.join(dir, "candidates.geojson");
const diff = path.join(dir, "gdal-diff.tif");
const sieved = path.join(dir, "gdal-sieved.tif");
const theirs = path.join(dir, "gdal-polygons.gpkg");

function ensureAfter(): { objects: number; objectPixels: number; clipped: { high: number; low: number; samples: number } } {
  if (!fs.existsSync(after) || !fs.existsSync(`${after}.json`)) {
    console.error("bench: making the after scene (synthetic changes, brightness shift, noise) with GDAL/numpy…");
    execFileSync("/usr/bin/python3", [path.join(ROOT, "scripts/bench/make-change-pair.py"), before, after], { stdio: "inherit" });
  }
  return JSON.parse(fs.readFileSync(`${after}.json`, "utf8"));
}

/** The before scene's footprint in EPSG:4326, `inset` pixels in from each edge, 32 points an edge. */
async function writeAoi(): Promise<{ width: number; height: number }> {
  const tiff = await fromFile(before);
  try {
    const image = await tiff.getImage(0);
    const [ox, oy] = image.getOrigin();
    const [rx, ry] = image.getResolution();
    const w = image.getWidth();
    const h = image.getHeight();
    const lonLat = toLonLat(resolveGeoTiffCrs(image.getGeoKeys() as Record<string, unknown> | null));
    const at = (c: number, r: number): Position => lonLat([ox! + c * rx!, oy! + r * ry!]);
    const [c0, r0, c1, r1] = [INSET_PX, INSET_PX, w - INSET_PX, h - INSET_PX];
    const ring: Position[] = [];
    const n = 32;
    for (let i = 0; i < n; i++) ring.push(at(c0 + ((c1 - c0) * i) / n, r1)); // bottom, west → east
    for (let i = 0; i < n; i++) ring.push(at(c1, r1 - ((r1 - r0) * i) / n)); // east, south → north
    for (let i = 0; i < n; i++) ring.push(at(c1 - ((c1 - c0) * i) / n, r0)); // top, east → west
    for (let i = 0; i < n; i++) ring.push(at(c0, r0 + ((r1 - r0) * i) / n)); // west, north → south
    ring.push(ring[0]!);
    const geometry: Polygon = { type: "Polygon", coordinates: [ring] };
    fs.writeFileSync(aoiFile, JSON.stringify({ type: "Feature", properties: { name: "bench:change scene footprint, inset 16 px" }, geometry }));
    return { width: w, height: h };
  } finally {
    await tiff.close();
  }
}

interface DetectSummary {
  candidates: number;
  threshold: { threshold: number; otsu: number; noiseFloor: number };
  normalisation: { method: string; gains?: number[]; offsets?: number[] };
  pixels: { inArea: number; usable: number; changed: number };
}

function gdalPipeline(gains: number[], offsets: number[]): { steps: Record<string, Timed>; wallS: number; peakRssMiB: number } {
  for (const f of [diff, sieved, theirs]) fs.rmSync(f, { force: true });
  const term = (x: string, y: string, b: number) => `absolute(${x}-(${y}*${gains[b]!.toFixed(6)}+${offsets[b]!.toFixed(6)}))`;
  const calc = `(${term("A", "D", 0)}+${term("B", "E", 1)}+${term("C", "F", 2)})>${T}`;
  const steps: Record<string, Timed> = {};
  steps.calc = timed("gdal_calc.py", [
    ...["A", "B", "C"].flatMap((l, i) => [`-${l}`, before, `--${l}_band=${i + 1}`]),
    ...["D", "E", "F"].flatMap((l, i) => [`-${l}`, after, `--${l}_band=${i + 1}`]),
    `--calc=${calc}`,
    "--type=Byte",
    `--outfile=${diff}`,
    "--overwrite",
    "--quiet",
  ]);
  steps.sieve = timed("gdal_sieve.py", ["-q", "-st", "9", "-4", "-nomask", diff, sieved]);
  steps.polygonize = timed("gdal_polygonize.py", ["-q", "-mask", sieved, sieved, "-f", "GPKG", theirs]);
  const values = Object.values(steps);
  return { steps, wallS: values.reduce((s, t) => s + t.wallS, 0), peakRssMiB: Math.max(...values.map((t) => t.peakRssMiB)) };
}

function polygonCount(file: string): number {
  const out = execFileSync("ogrinfo", ["-so", "-al", file], { encoding: "utf8" });
  const m = /Feature Count: (\d+)/.exec(out);
  if (!m) throw new Error(`ogrinfo: no feature count for ${file}`);
  return Number(m[1]);
}

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const loadAvg = os.loadavg();
  if (loadAvg[0]! > 0.5 * os.cpus().length)
    console.error(`warning: load average ${loadAvg.map((l) => l.toFixed(2)).join(" ")} before starting; other processes will skew the figures`);
  const truth = ensureAfter();
  const grid = await writeAoi();
  const sw: (Timed & { summary: DetectSummary })[] = [];
  const gd: ReturnType<typeof gdalPipeline>[] = [];
  let gains: number[] | null = null;
  let offsets: number[] | null = null;
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(ours, { force: true });
    const t = timed(process.execPath, [path.join(ROOT, "bin/sitewatch.mjs"), "detect", before, after, "--aoi", aoiFile, "--out", ours, "--json"]);
    const summary = JSON.parse(t.stdout.trim().split("\n").at(-1)!) as DetectSummary;
    sw.push({ ...t, summary });
    gains ??= summary.normalisation.gains ?? [1, 1, 1];
    offsets ??= summary.normalisation.offsets ?? [0, 0, 0];
    gd.push(gdalPipeline(gains, offsets));
    const s = sw.at(-1)!;
    const g = gd.at(-1)!;
    console.log(
      `run ${i + 1}: sitewatch ${s.wallS.toFixed(2)} s ${s.peakRssMiB.toFixed(0)} MiB, ${summary.candidates} candidates | GDAL ${g.wallS.toFixed(2)} s (calc ${g.steps.calc!.wallS.toFixed(2)}, sieve ${g.steps.sieve!.wallS.toFixed(2)}, polygonize ${g.steps.polygonize!.wallS.toFixed(2)}) ${g.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  const gdalPolygons = polygonCount(theirs);
  const last = sw.at(-1)!.summary;
  const swWall = median(sw.map((r) => r.wallS));
  const gdWall = median(gd.map((r) => r.wallS));
  const swRss = Math.max(...sw.map((r) => r.peakRssMiB));
  const gdRss = Math.max(...gd.map((r) => r.peakRssMiB));
  const ratio = swWall / gdWall;
  const met = { wallRatio: ratio <= TARGETS.wallRatio, peakRssMiB: swRss <= TARGETS.peakRssMiB };
  const stepMedian = (k: string) => median(gd.map((r) => r.steps[k]!.wallS));
  const stepRss = (k: string) => Math.max(...gd.map((r) => r.steps[k]!.peakRssMiB));

  const rows: [string, string, string][] = [
    ["", "Sitewatch detect", "GDAL calc+sieve+polygonize"],
    ["wall, median (s)", swWall.toFixed(2), gdWall.toFixed(2)],
    ["wall, runs (s)", sw.map((r) => r.wallS.toFixed(2)).join(" "), gd.map((r) => r.wallS.toFixed(2)).join(" ")],
    ["  gdal_calc.py (s)", "", `${stepMedian("calc").toFixed(2)} (${stepRss("calc").toFixed(0)} MiB)`],
    ["  gdal_sieve.py (s)", "", `${stepMedian("sieve").toFixed(2)} (${stepRss("sieve").toFixed(0)} MiB)`],
    ["  gdal_polygonize.py (s)", "", `${stepMedian("polygonize").toFixed(2)} (${stepRss("polygonize").toFixed(0)} MiB)`],
    ["peak RSS (MiB)", swRss.toFixed(0), gdRss.toFixed(0)],
    ["polygons", String(last.candidates), String(gdalPolygons)],
    ["painted objects", String(truth.objects), String(truth.objects)],
    ["threshold", `${last.threshold.threshold.toFixed(2)} (vector length)`, `${T} (sum of |Δ|)`],
  ];
  const wA = Math.max(...rows.map((r) => r[0].length));
  const wB = Math.max(...rows.map((r) => r[1].length));
  console.log("");
  for (const r of rows) console.log(`${r[0].padEnd(wA)}  ${r[1].padStart(wB)}  ${r[2]}`);
  console.log(
    `\nwall ratio ${ratio.toFixed(2)} (target ≤ ${TARGETS.wallRatio}) ${met.wallRatio ? "met" : "MISSED"}; Sitewatch peak RSS ${swRss.toFixed(0)} MiB (target ≤ ${TARGETS.peakRssMiB}) ${met.peakRssMiB ? "met" : "MISSED"}`,
  );
  console.log(
    `Sitewatch normalisation ${last.normalisation.method}: gains ${(last.normalisation.gains ?? []).map((g) => g.toFixed(4)).join(" ")}, offsets ${(last.normalisation.offsets ?? []).map((o) => o.toFixed(2)).join(" ")} (true inverse: 0.8929, -8.93); otsu ${last.threshold.otsu.toFixed(2)}, noise floor ${last.threshold.noiseFloor.toFixed(2)}`,
  );

  writeResult("change", {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAvgAtStart: loadAvg },
    input: {
      before: path.relative(ROOT, before),
      after: path.relative(ROOT, after),
      grid,
      bytes: { before: fs.statSync(before).size, after: fs.statSync(after).size },
      synthetic: { objects: truth.objects, objectPixels: truth.objectPixels, clipped: truth.clipped },
      aoi: { file: path.relative(ROOT, aoiFile), insetPx: INSET_PX },
    },
    runs: RUNS,
    sitewatch: {
      command: "node bin/sitewatch.mjs detect BEFORE AFTER --aoi AOI --out OUT --json",
      wallS: sw.map((r) => r.wallS),
      medianWallS: swWall,
      peakRssMiB: swRss,
      candidates: sw.map((r) => r.summary.candidates),
      summary: last,
    },
    gdal: {
      commands: [
        "gdal_calc.py -A/-B/-C BEFORE bands 1-3 -D/-E/-F AFTER bands 1-3 --calc='(|A-(D·g1+o1)|+|B-(E·g2+o2)|+|C-(F·g3+o3)|)>T' --type=Byte --quiet",
        "gdal_sieve.py -q -st 9 -4 -nomask",
        "gdal_polygonize.py -q -mask SIEVED SIEVED -f GPKG",
      ],
      threshold: T,
      gains,
      offsets,
      wallS: gd.map((r) => r.wallS),
      medianWallS: gdWall,
      peakRssMiB: gdRss,
      steps: Object.fromEntries(["calc", "sieve", "polygonize"].map((k) => [k, { wallS: gd.map((r) => r.steps[k]!.wallS), peakRssMiB: gd.map((r) => r.steps[k]!.peakRssMiB) }])),
      polygons: gdalPolygons,
    },
    wallRatio: ratio,
    targets: { wallRatio: `≤ ${TARGETS.wallRatio}`, peakRssMiB: `≤ ${TARGETS.peakRssMiB}` },
    met,
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
