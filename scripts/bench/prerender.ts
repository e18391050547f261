// npm run bench:prerender — how many tiles, and how long, the job that draws a
// release's public tiles before readers ask takes (issue 17), for
// - the demo: `prisma/seed.ts` into a fresh database in .bench/prerender/demo
//   (its publish queues the job, as an editor's would);
// - the 8192² scene: bench:public's world (public-seed.ts) in
//   .bench/prerender/big, the job queued for bench-big's newest release.
// Each job runs in this process (as a worker would run it), BENCH_RUNS times
// from an empty tile cache; the median is reported. For scale, the same tiles'
// rate is set beside gdal2tiles' on bench:public's tile set (not run here).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_DIR, ensureInput, median, ROOT, writeResult } from "./bench-support";
import { BIG_SLUG, buildWorld } from "./public-seed";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const started = performance.now();
const say = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

function run(cmd: string, args: string[], env: Record<string, string>): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** A fresh demo world: migrations, then the demo seed (which publishes, queuing the job). */
function buildDemo(dir: string): Record<string, string> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "data"), { recursive: true });
  const env = { DATABASE_URL: `file:${path.join(dir, "demo.db")}`, SITEWATCH_DATA_DIR: path.join(dir, "data") };
  run(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], env);
  run(path.join(ROOT, "node_modules/.bin/tsx"), ["prisma/seed.ts"], env);
  return env;
}

interface Measured {
  world: string;
  release: number;
  tiles: number;
  zooms: string;
  runs: { seconds: number; drawn: number; cached: number; empty: number }[];
  median: { seconds: number; tilesPerS: number };
}

/** Runs the release's job RUNS times, each from an empty tile cache, in this process (the database chosen by `env`). */
async function measure(world: string, env: Record<string, string>, slug: string | null): Promise<Measured> {
  Object.assign(process.env, env);
  // Imported after the environment names the world's database (each world in its own process run: see main()).
  const { db } = await import("@/lib/db.server");
  const { enqueueJob } = await import("@/lib/jobs/enqueue-job.server");
  const { runJobNow } = await import("@/lib/jobs/run-job-now.server");
  const { PRERENDER_JOB } = await import("@/lib/publish/prerender-tiles-job.server");
  const { prerenderPlan } = await import("@/lib/publish/prerender-plan");
  const { forgetPublicTilesInMemory } = await import("@/lib/publish/public-tiles.server");
  const release = await db.release.findFirstOrThrow({ where: slug ? { site: { slug } } : {}, orderBy: { number: "desc" } });
  const plan = prerenderPlan(JSON.parse(release.snapshot));
  const zooms = [...new Set(plan.map((t) => t.z))];
  const runs: Measured["runs"] = [];
  for (let i = 0; i < RUNS; i++) {
    // From nothing: no tile on disk, none in this process's memory.
    fs.rmSync(path.join(env.SITEWATCH_DATA_DIR!, "tile-cache"), { recursive: true, force: true });
    forgetPublicTilesInMemory();
    // The seed's own job (the demo) is run first; then one queued for each further run, as a new publish would.
    const queued = await db.job.findFirst({ where: { kind: PRERENDER_JOB, status: "QUEUED" } });
    const job = queued ?? (await enqueueJob({ kind: PRERENDER_JOB, payload: { releaseId: release.id }, actor: null }));
    const t = performance.now();
    const done = await runJobNow({ jobId: job.id });
    const seconds = (performance.now() - t) / 1000;
    if (done.status !== "SUCCEEDED") throw new Error(`the job ended ${done.status}: ${done.error}`);
    const r = JSON.parse(done.result!) as { drawn: number; cached: number; empty: number };
    runs.push({ seconds, drawn: r.drawn, cached: r.cached, empty: r.empty });
    say(`${world} run ${i + 1}: ${plan.length} tiles (${r.drawn} drawn, ${r.cached} found drawn already, ${r.empty} empty) in ${seconds.toFixed(1)} s`);
  }
  await db.$disconnect();
  const s = median(runs.map((r) => r.seconds));
  return { world, release: release.number, tiles: plan.length, zooms: `${Math.min(...zooms)}–${Math.max(...zooms)}`, runs, median: { seconds: s, tilesPerS: plan.length / s } };
}

async function main() {
  const dir = path.join(BENCH_DIR, "prerender");
  const which = process.argv[2];
  if (which === "demo") return process.stdout.write(JSON.stringify(await measure("demo", buildDemo(path.join(dir, "demo")), null)));
  if (which === "big") {
    const world = await buildWorld(path.join(dir, "big"), ensureInput());
    return process.stdout.write(JSON.stringify(await measure("8192² scene (bench-big)", world.env, BIG_SLUG)));
  }
  // Each world in a process of its own (the database is chosen when the modules load).
  const results: Measured[] = [];
  for (const w of ["demo", "big"]) {
    say(`${w}: building the world and running the job ${RUNS} times…`);
    const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/bench/prerender.ts"), w], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 16 << 20,
    });
    if (r.status !== 0) throw new Error(`${w} failed (${r.status})`);
    results.push(JSON.parse(r.stdout) as Measured);
  }
  console.log(`\nprerender benchmark, ${os.cpus().length} × ${os.cpus()[0]?.model}, median of ${RUNS} runs, each from an empty tile cache:`);
  for (const m of results)
    console.log(
      `  ${m.world}, release ${m.release}: ${m.tiles} tiles, zooms ${m.zooms}: ${m.median.seconds.toFixed(1)} s (${m.median.tilesPerS.toFixed(1)} tiles/s) [${m.runs.map((r) => r.seconds.toFixed(1)).join(", ")} s]`,
    );
  writeResult("prerender", { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, runs: RUNS, results });
}

await main();
