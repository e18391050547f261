// npm run bench:geometry — how long checking an outline takes, and what a
// public reader waits for while one is saved.
//  1. The self-intersection check on round outlines of 1,000, 10,000 and
//     100,000 corners: the sweep (lib/geo/self-intersections.ts) against the
//     O(n²) check it replaced (Turf's kinks), median of BENCH_RUNS runs (the old
//     check once at 10,000 corners, BENCH_OLD_RUNS; at 100,000 it is not run but
//     extrapolated as n² from 10,000: about half an hour). Both must find the same.
//     Also the sweep's worst case, a 10,000-corner spiky star whose edges all
//     meet near the centre, and the whole of each rule set at 10,000 corners
//     (validateAreaGeometry, checkFootprint, checkChangeGeometry).
//  2. Saving a 10,000-corner change through the lib verb (createAnnotation:
//     every rule, the database) on a fresh database in a temp dir (a published
//     site with two scenes, made as the db tests make it), while the same
//     process answers GET /api/public/sites/:slug's lib function back to back: the latency a public reader sees during the save, against idle.
//     One process, one event loop, like one web server. BENCH_SKIP_SAVE=1 skips it.
// Target (issue 15): a 10,000-corner outline checked in well under a second.
// Result: .bench/geometry.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Polygon, Position } from "geojson";
import { checkChangeGeometry } from "@/lib/annotations/change-geometry-rules";
import { findSelfIntersections, validateAreaGeometry, type AreaGeometry } from "@/lib/geo/area-geometry";
import { checkFootprint } from "@/lib/geo/footprint-rules";
import { growArea } from "@/lib/geo/grow-area";
import { findRingCrossingsQuadratic } from "@/lib/geo/self-intersections-reference";
import { buildRoundOutline } from "../../tests/support/outlines";
import { median, percentile, ROOT, writeResult } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const OLD_RUNS_AT_10K = Number(process.env.BENCH_OLD_RUNS ?? 1);
const TARGET_MS_10K = 1000;

const started = performance.now();
const say = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function medianOf(runs: number, fn: () => unknown): number {
  return median(Array.from({ length: runs }, () => time(fn)));
}

/** The old check as findSelfIntersections ran it: kinks on each part, crossings deduplicated. */
function oldFindSelfIntersections(g: AreaGeometry): number {
  const parts = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  let found = 0;
  for (const rings of parts) found += new Set(findRingCrossingsQuadratic(rings).map(([x, y]) => `${x!.toFixed(9)},${y!.toFixed(9)}`)).size;
  return found;
}

/** 10,000 corners alternating between the centre and the rim: every edge runs through the middle, so most edges' boxes overlap (the sweep's worst case; still simple). */
function spikyStar(corners: number): Polygon {
  const ring: Position[] = Array.from({ length: corners }, (_, i) => {
    const angle = (i / corners) * 2 * Math.PI;
    const r = i % 2 ? 0.015 : 0.0005;
    return [-34.86 + r * Math.cos(angle), -8 + r * Math.sin(angle)];
  });
  return { type: "Polygon", coordinates: [[...ring, [...ring[0]!]]] };
}

function benchChecks() {
  const rows: { corners: number; newMs: number; oldMs: number | null; oldEstimated: boolean; ratio: number; crossingsAgree: boolean | null }[] = [];
  let oldAt10k = 0;
  for (const corners of [1_000, 10_000, 100_000]) {
    const simple = buildRoundOutline({ corners });
    const crossing = buildRoundOutline({ corners, crossing: true });
    const newMs = medianOf(RUNS, () => findSelfIntersections(simple));
    const newCrossings = findSelfIntersections(crossing).length;
    let oldMs: number | null = null;
    let agree: boolean | null = null;
    if (corners <= 10_000) {
      say(`old check on ${corners.toLocaleString("en")} corners…`);
      oldMs = medianOf(corners === 10_000 ? OLD_RUNS_AT_10K : RUNS, () => oldFindSelfIntersections(simple));
      agree = oldFindSelfIntersections(simple) === 0 && findSelfIntersections(simple).length === 0 && oldFindSelfIntersections(crossing) === newCrossings && newCrossings === 1;
      if (corners === 10_000) oldAt10k = oldMs;
    }
    const estimated = oldMs === null;
    if (estimated) oldMs = oldAt10k * (corners / 10_000) ** 2;
    rows.push({ corners, newMs, oldMs, oldEstimated: estimated, ratio: oldMs! / newMs, crossingsAgree: agree });
    say(`${corners.toLocaleString("en")} corners: sweep ${newMs.toFixed(1)} ms, old ${oldMs!.toFixed(0)} ms${estimated ? " (extrapolated)" : ""}`);
  }

  const star = spikyStar(10_000);
  const worst = { corners: 10_000, newMs: medianOf(RUNS, () => findSelfIntersections(star)), oldMs: medianOf(OLD_RUNS_AT_10K, () => oldFindSelfIntersections(star)) };
  say(`spiky star (worst case): sweep ${worst.newMs.toFixed(0)} ms, old ${worst.oldMs.toFixed(0)} ms`);

  const outline = buildRoundOutline({ corners: 10_000 });
  const allowedArea = growArea({ geometry: buildRoundOutline({ corners: 64, radiusDeg: 0.05 }), marginM: 100 });
  const ctx = { allowedArea, footprintBufferM: 100, minRingAreaM2: 812, sameWindow: [] };
  const whole = {
    validateAreaGeometryMs: medianOf(RUNS, () => validateAreaGeometry(outline)),
    checkFootprintMs: medianOf(RUNS, () => checkFootprint(outline)),
    checkChangeGeometryMs: medianOf(RUNS, () => checkChangeGeometry({ input: outline, ctx })),
    refuse20kMs: medianOf(RUNS, () => validateAreaGeometry(buildRoundOutline({ corners: 20_000 }))),
  };
  say(
    `10,000 corners, whole rule sets: ${Object.entries(whole)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(", ")}`,
  );
  return { rows, worst, whole };
}

async function benchSave() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-bench-geometry-"));
  process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
  const env = { DATABASE_URL: `file:${path.join(tmp, "sitewatch.db")}`, SITEWATCH_DATA_DIR: tmp };
  say("prisma migrate deploy…");
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  // lib/ reads DATABASE_URL and SITEWATCH_DATA_DIR when first loaded: only now, pointed at the temp dir.
  Object.assign(process.env, env);
  const { db } = await import("@/lib/db.server");
  const { createAnnotation } = await import("@/lib/annotations/create-annotation.server");
  const { getPublicSiteJson } = await import("@/lib/publish/public-read.server");
  const { publishRelease } = await import("@/lib/releases/publish-release.server");
  const { createSiteWithScenes, createUser } = await import("../../tests/factories");

  // A published site with two scenes (the Landsat 7 subset and a synthetic later one), as the db tests make it.
  say("a published site with two scenes…");
  const analyst = await createUser("ANALYST");
  const world = await createSiteWithScenes(analyst);
  await publishRelease({ siteId: world.site.id, actor: await createUser("EDITOR"), input: { note: "bench" } });
  const slug = world.site.slug;
  const [before, after] = [world.before, world.after];
  const [w, s, e, n] = [world.site.bboxMinLon, world.site.bboxMinLat, world.site.bboxMaxLon, world.site.bboxMaxLat];
  const radiusDeg = Math.min(e - w, n - s) / (2 * (RUNS + 2));

  // A request arrives as I/O does (a macrotask): it waits while the event loop is busy, here with a save's checks.
  const read = async () => {
    const t = performance.now();
    await new Promise((resolve) => setImmediate(resolve));
    await getPublicSiteJson({ slug });
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await read();
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) idle.push(await read());

  const during: number[] = [];
  const saveMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Side by side along the diagonal, so no change overlaps another (no overlap warnings to compute).
    const f = (run + 1.5) / (RUNS + 2);
    const geometry = buildRoundOutline({ corners: 10_000, lon: w + f * (e - w), lat: s + f * (n - s), radiusDeg: radiusDeg * 0.9 });
    const t = performance.now();
    let done = false;
    const saving = createAnnotation({
      siteId: world.site.id,
      actor: analyst,
      input: { geometry, changeType: "construction", confidence: "medium", beforeSceneId: before!.id, afterSceneId: after!.id, description: "bench: 10,000 corners", sources: [] },
    }).finally(() => {
      done = true;
      saveMs.push(performance.now() - t);
    });
    while (!done) during.push(await read());
    await saving;
  }
  await db.$disconnect();
  const summary = (xs: number[]) => ({ n: xs.length, p50Ms: median(xs), p95Ms: percentile(xs, 0.95), maxMs: Math.max(...xs) });
  const result = { saveMs: { median: median(saveMs), runs: saveMs }, publicIdle: summary(idle), publicDuringSave: summary(during) };
  say(
    `saving a 10,000-corner change: ${result.saveMs.median.toFixed(0)} ms (median); public reads idle p50 ${result.publicIdle.p50Ms.toFixed(2)} ms, during saves p50 ${result.publicDuringSave.p50Ms.toFixed(2)} / max ${result.publicDuringSave.maxMs.toFixed(0)} ms`,
  );
  return result;
}

const checks = benchChecks();
const save = process.env.BENCH_SKIP_SAVE === "1" ? null : await benchSave();
const at10k = checks.rows.find((r) => r.corners === 10_000)!;

console.log("\nSelf-intersection check, round outline (median ms)");
console.log("corners    sweep      old (kinks)      old ÷ sweep");
for (const r of checks.rows) {
  console.log(
    `${r.corners.toLocaleString("en").padStart(7)} ${r.newMs.toFixed(1).padStart(8)} ${`${r.oldMs!.toFixed(0)}${r.oldEstimated ? " (est.)" : ""}`.padStart(16)} ${`×${Math.round(r.ratio).toLocaleString("en")}`.padStart(14)}`,
  );
}
console.log(`worst case for the sweep (10,000-corner spiky star): sweep ${checks.worst.newMs.toFixed(0)} ms, old ${checks.worst.oldMs.toFixed(0)} ms`);
console.log(
  `10,000 corners, whole rules: validateAreaGeometry ${checks.whole.validateAreaGeometryMs.toFixed(0)} ms, checkFootprint ${checks.whole.checkFootprintMs.toFixed(0)} ms, checkChangeGeometry ${checks.whole.checkChangeGeometryMs.toFixed(0)} ms; 20,000 corners refused in ${checks.whole.refuse20kMs.toFixed(2)} ms`,
);
if (save) {
  console.log(
    `saving a 10,000-corner change (createAnnotation): median ${save.saveMs.median.toFixed(0)} ms; public site reads idle p50 ${save.publicIdle.p50Ms.toFixed(2)} ms, during the saves p50 ${save.publicDuringSave.p50Ms.toFixed(2)} ms, p95 ${save.publicDuringSave.p95Ms.toFixed(0)} ms, max ${save.publicDuringSave.maxMs.toFixed(0)} ms (${save.publicDuringSave.n} reads)`,
  );
}
const met = at10k.newMs < TARGET_MS_10K && checks.whole.checkChangeGeometryMs < TARGET_MS_10K;
console.log(`target: a 10,000-corner outline checked in well under ${TARGET_MS_10K} ms — ${met ? "met" : "NOT met"}`);
writeResult("geometry", { runs: RUNS, checks, save, targetMs10k: TARGET_MS_10K, met });
