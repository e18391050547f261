// npm run bench:ingest — `sitewatch cog` against `gdal_translate -of COG
// -co COMPRESS=DEFLATE -co NUM_THREADS=1` on the same 8192×8192 three-band
// uint8 deflate GeoTIFF, alternating, median of 3 runs each (wall time and
// peak RSS of the whole process, startup included). Targets (issue 4): wall
// ratio ≤ 1.0, peak RSS ≤ 512 MiB. Our output is also checked by GDAL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gdalinfo, validateCog } from "@/tests/support/gdal";
import { BENCH_DIR, ensureInput, median, ROOT, timed, writeResult, type Timed } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const input = ensureInput();
const ours = path.join(BENCH_DIR, "out-sitewatch.tif");
const theirs = path.join(BENCH_DIR, "out-gdal.tif");
const sw: Timed[] = [];
const gd: Timed[] = [];
for (let i = 0; i < RUNS; i++) {
  for (const f of [ours, theirs]) fs.rmSync(f, { force: true });
  gd.push(timed("gdal_translate", ["-q", "-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "NUM_THREADS=1", input, theirs]));
  sw.push(timed(process.execPath, [path.join(ROOT, "bin/sitewatch.mjs"), "cog", input, ours]));
  console.log(
    `run ${i + 1}: sitewatch ${sw.at(-1)!.wallS.toFixed(2)} s ${sw.at(-1)!.peakRssMiB.toFixed(0)} MiB | gdal_translate ${gd.at(-1)!.wallS.toFixed(2)} s ${gd.at(-1)!.peakRssMiB.toFixed(0)} MiB`,
  );
}
const errors = validateCog(ours);
const same = JSON.stringify(gdalinfo(ours).bands.map((b) => b.checksum)) === JSON.stringify(gdalinfo(input).bands.map((b) => b.checksum));
const result = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  input: { file: path.relative(ROOT, input), bytes: fs.statSync(input).size },
  runs: RUNS,
  sitewatch: {
    wallS: sw.map((r) => r.wallS),
    medianWallS: median(sw.map((r) => r.wallS)),
    peakRssMiB: Math.max(...sw.map((r) => r.peakRssMiB)),
    outputBytes: fs.statSync(ours).size,
  },
  gdal: { wallS: gd.map((r) => r.wallS), medianWallS: median(gd.map((r) => r.wallS)), peakRssMiB: Math.max(...gd.map((r) => r.peakRssMiB)), outputBytes: fs.statSync(theirs).size },
  wallRatio: median(sw.map((r) => r.wallS)) / median(gd.map((r) => r.wallS)),
  checks: { validCog: errors.length === 0, validatorMessages: errors, sameChecksums: same },
  targets: { wallRatio: "≤ 1.0", peakRssMiB: "≤ 512" },
};
console.log(
  `\nmedian wall: sitewatch ${result.sitewatch.medianWallS.toFixed(2)} s, gdal_translate ${result.gdal.medianWallS.toFixed(2)} s → ratio ${result.wallRatio.toFixed(2)} (target ≤ 1.0)`,
);
console.log(`peak RSS: sitewatch ${result.sitewatch.peakRssMiB.toFixed(0)} MiB (target ≤ 512), gdal_translate ${result.gdal.peakRssMiB.toFixed(0)} MiB`);
console.log(
  `output: valid COG ${result.checks.validCog}, same checksums ${same}; ${(result.sitewatch.outputBytes / 2 ** 20).toFixed(1)} MiB vs GDAL's ${(result.gdal.outputBytes / 2 ** 20).toFixed(1)} MiB`,
);
writeResult("ingest", result);
