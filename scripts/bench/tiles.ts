// npm run bench:tiles — rendering the z12–16 Web Mercator tiles of the 8192²
// COG: `sitewatch tiles` against `gdal2tiles.py --xyz --processes=1` (WebP
// tiles, bilinear), the same job end to end, median of 3 wall times each;
// plus the per-tile render time of every tile rendered one at a time from a
// cold cache (p50/p95). Targets (issue 4): throughput ratio ≥ 3, p95 ≤ 50 ms.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_DIR, ensureInput, median, percentile, ROOT, timed, writeResult, type Timed } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ZOOMS = "12-16";
const input = ensureInput();
const cog = path.join(BENCH_DIR, "tiles-input.cog.tif");
if (!fs.existsSync(cog)) timed(process.execPath, [path.join(ROOT, "bin/sitewatch.mjs"), "cog", input, cog]);
const ourDir = path.join(BENCH_DIR, "tiles-sitewatch");
const gdalDir = path.join(BENCH_DIR, "tiles-gdal");
const sw: Timed[] = [];
const gd: Timed[] = [];
let ourCount = 0;
for (let i = 0; i < RUNS; i++) {
  for (const d of [ourDir, gdalDir]) fs.rmSync(d, { recursive: true, force: true });
  gd.push(timed("gdal2tiles.py", ["--xyz", "--processes=1", "-z", ZOOMS, "-r", "bilinear", "--tiledriver=WEBP", "-q", cog, gdalDir]));
  const r = timed(process.execPath, [path.join(ROOT, "bin/sitewatch.mjs"), "tiles", cog, ourDir, "--zoom", ZOOMS, "--json"]);
  sw.push(r);
  ourCount = JSON.parse(r.stdout).tiles;
  console.log(`run ${i + 1}: sitewatch ${r.wallS.toFixed(2)} s | gdal2tiles ${gd.at(-1)!.wallS.toFixed(2)} s`);
}
const gdalCount = fs.readdirSync(gdalDir, { recursive: true }).filter((f) => String(f).endsWith(".webp")).length;
const latency = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench/tiles-latency.ts"), cog, ZOOMS], {
  cwd: ROOT,
  encoding: "utf8",
  maxBuffer: 64 << 20,
});
if (latency.status !== 0) throw new Error(latency.stderr);
const { times } = JSON.parse(latency.stdout) as { times: number[] };
const ourRate = ourCount / median(sw.map((r) => r.wallS));
const gdalRate = gdalCount / median(gd.map((r) => r.wallS));
const result = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  zooms: ZOOMS,
  runs: RUNS,
  sitewatch: {
    tiles: ourCount,
    wallS: sw.map((r) => r.wallS),
    medianWallS: median(sw.map((r) => r.wallS)),
    tilesPerS: ourRate,
    peakRssMiB: Math.max(...sw.map((r) => r.peakRssMiB)),
  },
  gdal2tiles: {
    tiles: gdalCount,
    wallS: gd.map((r) => r.wallS),
    medianWallS: median(gd.map((r) => r.wallS)),
    tilesPerS: gdalRate,
    peakRssMiB: Math.max(...gd.map((r) => r.peakRssMiB)),
  },
  throughputRatio: ourRate / gdalRate,
  perTileMs: { count: times.length, p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times) },
  targets: { throughputRatio: "≥ 3", p95Ms: "≤ 50" },
};
console.log(
  `\ntiles: sitewatch ${ourCount} in ${result.sitewatch.medianWallS.toFixed(2)} s (${ourRate.toFixed(1)}/s), gdal2tiles ${gdalCount} in ${result.gdal2tiles.medianWallS.toFixed(2)} s (${gdalRate.toFixed(1)}/s) → ratio ${result.throughputRatio.toFixed(2)} (target ≥ 3)`,
);
console.log(
  `per tile, one at a time from a cold cache: p50 ${result.perTileMs.p50.toFixed(1)} ms, p95 ${result.perTileMs.p95.toFixed(1)} ms (target ≤ 50), max ${result.perTileMs.max.toFixed(1)} ms`,
);
writeResult("tiles", result);
