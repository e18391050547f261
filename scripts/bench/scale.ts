// npm run bench:scale — the scale-out benchmarks of issue 16, one after the
// other (each is also a script of its own; run them on a quiet machine):
//   bench:scale-web    public site JSON and cached tiles through nginx, one vs two web instances
//   bench:scale-store  conversion and detection reading from S3 vs local disk (target ≤ 1.3×)
//   bench:scale-ogc    OGC items?bbox with 100,000 published changes, SQLite vs PostGIS (target p95 ≤ 50 ms)
// Each prints its own figures and writes them under bench results; this prints
// which ran and whether each finished.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const parts = ["bench:scale-web", "bench:scale-store", "bench:scale-ogc"];
const outcomes: string[] = [];
for (const part of parts) {
  console.log(`\n› npm run ${part}`);
  const started = Date.now();
  const r = spawnSync("npm", ["run", "--silent", part], { cwd: root, stdio: "inherit", env: process.env });
  outcomes.push(`${part}: ${r.status === 0 ? "done" : `failed (exit ${r.status})`} in ${Math.round((Date.now() - started) / 1000)} s`);
}
console.log(`\n${outcomes.join("\n")}`);
process.exit(outcomes.every((o) => o.includes(": done")) ? 0 : 1);
