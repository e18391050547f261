// Makes imagery/reference/epsg-datum-shifts.json: for each CRS of the bundled EPSG
// index whose PROJ string carries a +towgs84, the datum shift that PROJ itself
// chooses (its preferred Helmert transformation to WGS 84 over the CRS's area,
// with the grids this machine lacks left out, as GDAL does without them).
//
// Why: the index writes the rotations of many 7-parameter shifts in EPSG's
// source units (microradians, radians) where +towgs84 means arc-seconds, so
// EPSG:28992 (the Dutch RD grid) landed 150 m off. PROJ is the reference and a
// development-time tool only (apt-get install proj-bin, which GDAL brings); the
// output is committed, so nothing needs PROJ at run time. Rerun after updating
// epsg-index:  npx tsx scripts/make-epsg-datum-shifts.ts
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "imagery/reference/epsg-datum-shifts.json");
const index = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/epsg-index/all.json"), "utf8")) as Record<string, { code: string; proj4?: string }>;

/** The +towgs84 (position-vector convention, arc-seconds, ppm) of PROJ's preferred transformation, or null when it is not one Helmert. */
async function projShift(code: string): Promise<string | null> {
  const { stdout } = await run("projinfo", [
    "-s",
    `EPSG:${code}`,
    "-t",
    "EPSG:4326",
    "-o",
    "PROJ",
    "-q",
    "--single-line",
    "--grid-check",
    "discard_missing",
    "--spatial-test",
    "intersects",
  ]);
  const first = stdout.split("\n").find((l) => l.startsWith("+proj=pipeline"));
  if (!first) return null;
  const helmerts = first.split("+step").filter((s) => /\+proj=helmert\b/.test(s));
  if (helmerts.length !== 1 || /\+proj=(hgridshift|vgridshift|xyzgridshift|deformation)\b/.test(first)) return null;
  const h = helmerts[0]!;
  const param = (name: string) => Number(h.match(new RegExp(`\\+${name}=(-?[0-9.eE+-]+)`))?.[1] ?? 0);
  const sign = /\+convention=coordinate_frame\b/.test(h) ? -1 : 1;
  const values = [param("x"), param("y"), param("z"), sign * param("rx"), sign * param("ry"), sign * param("rz"), param("s")];
  if (!values.every(Number.isFinite)) return null;
  return values.map((v) => Number(v.toPrecision(12))).join(",");
}

const sameShift = (a: string, b: string) => {
  const x = a.split(",").map(Number);
  const y = b.split(",").map(Number);
  while (x.length < 7) x.push(0);
  return x.every((v, k) => Math.abs(v - y[k]!) < 1e-9);
};

const codes = Object.values(index).filter((e) => /\+towgs84=/.test(e.proj4 ?? ""));
const shifts: Record<string, string> = {};
let next = 0;
async function worker() {
  while (next < codes.length) {
    const entry = codes[next++]!;
    const ours = entry.proj4!.match(/\+towgs84=([^ ]+)/)![1]!;
    const proj = await projShift(entry.code).catch(() => null);
    if (proj && !sameShift(ours, proj)) shifts[entry.code] = proj;
  }
}
await Promise.all(Array.from({ length: 4 }, worker));
const sorted = Object.fromEntries(Object.entries(shifts).sort(([a], [b]) => Number(a) - Number(b)));
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(sorted, null, 0).replace(/","/g, '",\n"') + "\n");
console.log(`${Object.keys(sorted).length} of ${codes.length} datum shifts differ from PROJ's: written to ${path.relative(ROOT, OUT)}`);
