// npm run bench:jobs — the job worker beside the web server, on a fresh
// database in a temp data dir: `prisma migrate deploy`, the demo seed, and a
// site "bench-jobs" over the 8192² bench change pair (bench:change's before
// and after scenes, made with GDAL if missing), both ingested in this process
// through lib code (stageLocalFile + ingestStagedScene: the conversion runs
// here, without a worker). Then the production server (`node server.mjs` over
// a `next build` of this tree, rebuilt if stale) and one `sitewatch worker
// --concurrency 1`, as the demo runs them. Measures:
//  1. GET /api/public/sites/olinda (the demo's published site) with autocannon,
//     10 keep-alive connections, windows of BENCH_WINDOW_S: idle (no job), and
//     busy: while a detection on the 8192² pair, started through the API by the
//     demo analyst, runs in the worker. A busy window starts once the job row
//     says RUNNING and counts only if the row still says RUNNING after the last
//     response; a window the job outlived is not counted and is run again on a
//     new detection. Each detection is left to finish (its wall time is
//     reported) before the next window. BENCH_RUNS (3) pairs of windows,
//     median of the runs; target p95(busy) / p95(idle) ≤ 2.
//  2. Enqueue-to-start with an idle worker: BENCH_SMALL_JOBS (40) detections
//     on the demo olinda pair through the API, one after another, each after a
//     seeded random pause of 0.2–1.2 s once the previous one finished (so the
//     enqueue falls anywhere in the worker's idle poll). Reported: startedAt −
//     createdAt from the job rows, and what a client sees: from the 202 answer
//     until GET /api/jobs/:id (polled back to back) first says RUNNING or
//     later. Target ≤ 250 ms, judged on the p95 of each.
// The load generator, the server and the worker share the machine's cores.
// Logs: .bench/jobs/server.log, .bench/jobs/worker.log; result: .bench/jobs.json.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfStale } from "../build-if-stale";
import { BENCH_DIR, ensureInput, median, mulberry32, percentile, ROOT, writeResult } from "./bench-support";
import { load, startServer, type LoadResult, type Server } from "./public-server";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 4);
const SMALL_JOBS = Number(process.env.BENCH_SMALL_JOBS ?? 40);
const CONNECTIONS = 10;
/** A busy window the detection outlived is run again on a new detection, this many times at most per run. */
const BUSY_TRIES = 3;
const PUBLIC_SLUG = "olinda";
const BENCH_SLUG = "bench-jobs";
const ANALYST = { email: "analyst@example.org", password: "sitewatch-demo" };
const TARGETS = { busyIdleP95Ratio: 2, startLatencyMs: 250 };

const started = performance.now();
const say = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logDir = path.join(BENCH_DIR, "jobs");
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-bench-jobs-"));
const env = { DATABASE_URL: `file:${path.join(tmpDir, "sitewatch.db")}`, SITEWATCH_DATA_DIR: tmpDir };
const running: { server: Server | null; worker: ChildProcess | null } = { server: null, worker: null };

// Whatever happens (an error, Ctrl-C: public-server.ts exits on SIGINT/SIGTERM), no worker and no temp dir are left behind.
process.on("exit", () => {
  const w = running.worker;
  if (w && w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** bench:change's after scene (synthetic changes painted into the before scene), made once by its generator. */
function ensureChangePair(): { before: string; after: string } {
  const before = ensureInput();
  const after = path.join(BENCH_DIR, "change-after-8192.tif");
  if (!fs.existsSync(after)) {
    say("making the after scene of the change pair (make-change-pair.py, GDAL/numpy)…");
    execFileSync("/usr/bin/python3", [path.join(ROOT, "scripts/bench/make-change-pair.py"), before, after], { stdio: "inherit" });
  }
  return { before, after };
}

/** next build when stale; waits while another build of this tree (an e2e run's) holds the lock. */
async function build(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (buildIfStale(ROOT, { quiet: true })) say("built the app (next build)");
      return;
    } catch (e) {
      if (!String((e as Error).message).includes("Another next build process is already running") || attempt >= 40) throw e;
      if (attempt === 0) say("another next build is running; waiting for it…");
      await sleep(15_000);
    }
  }
}

function runSync(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** `sitewatch worker --concurrency 1`, resolved once it says it is ready; its output goes to worker.log. */
async function startWorker(): Promise<ChildProcess> {
  const logFile = path.join(logDir, "worker.log");
  const log = fs.createWriteStream(logFile, { flags: "a" });
  const child = spawn(process.execPath, ["bin/sitewatch.mjs", "worker", "--concurrency", "1"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.worker = child;
  child.stderr!.pipe(log, { end: false });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the worker did not start in 60 s (see ${logFile})`)), 60_000);
    child.stdout!.on("data", (c: Buffer) => {
      log.write(c);
      out += c.toString();
      if (out.includes(" ready ")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      log.end(`bench: worker exited (${code ?? signal})\n`);
      reject(new Error(`the worker exited with ${code ?? signal} (see ${logFile})`));
    });
  });
  return child;
}

async function stopWorker(): Promise<void> {
  const w = running.worker;
  if (!w || w.exitCode !== null || w.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
  w.kill("SIGTERM");
  const timer = setTimeout(() => w.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The world in the temp dir: migrated, the demo seeded, "bench-jobs" over the 8192² pair with both scenes READY. */
async function buildWorld(pair: { before: string; after: string }) {
  runSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"]);
  runSync(path.join(ROOT, "node_modules/.bin/tsx"), ["prisma/seed.ts"]);
  // lib/ reads DATABASE_URL and SITEWATCH_DATA_DIR when first loaded: only now, pointed at the temp dir.
  Object.assign(process.env, env);
  const { db } = await import("@/lib/db.server");
  const { createSite } = await import("@/lib/sites/create-site.server");
  const { ingestStagedScene } = await import("@/lib/scenes/ingest-scene.server");
  const { stageLocalFile } = await import("@/lib/scenes/stage-upload.server");

  const user = await db.user.findUniqueOrThrow({ where: { email: ANALYST.email } });
  const analyst = { id: user.id, email: user.email, name: user.name, role: user.role };
  // The site covers the pair: its footprint is the scene's extent in EPSG:4326 as GDAL reports it.
  const info = JSON.parse(execFileSync("gdalinfo", ["-json", pair.before], { encoding: "utf8", maxBuffer: 64 << 20 })) as { wgs84Extent: unknown };
  const site = await createSite({
    actor: analyst,
    input: { name: "Bench jobs (8192² pair)", slug: BENCH_SLUG, kind: "settlement", qualifier: "potential", country: "Brazil", footprint: info.wgs84Extent },
  });
  const ingestS: number[] = [];
  const ingest = async (file: string, acquiredAt: string) => {
    const t = performance.now();
    const { scene } = await ingestStagedScene({
      actor: analyst,
      siteId: site.id,
      staged: await stageLocalFile(file),
      metadata: { acquiredAt, sensor: "Landsat 7 ETM+ (resampled)", license: "CC-BY-4.0", attribution: "bench", synthetic: file === pair.after },
    });
    ingestS.push((performance.now() - t) / 1000);
    return scene;
  };
  const before = await ingest(pair.before, "2023-06-01");
  const after = await ingest(pair.after, "2024-01-01");

  const olinda = await db.site.findUniqueOrThrow({ where: { slug: PUBLIC_SLUG }, include: { scenes: { include: { scene: true } } } });
  const olindaScenes = olinda.scenes.map((l) => l.scene).sort((a, b) => a.acquiredAt.getTime() - b.acquiredAt.getTime());
  if (olindaScenes.length !== 2) throw new Error(`the demo site has ${olindaScenes.length} scenes, expected 2`);
  return {
    db,
    ingestS,
    bench: { siteId: site.id, beforeSceneId: before.id, afterSceneId: after.id, pixels: before.width * before.height },
    olinda: { siteId: olinda.id, beforeSceneId: olindaScenes[0]!.id, afterSceneId: olindaScenes[1]!.id, pixels: olindaScenes[0]!.width * olindaScenes[0]!.height },
  };
}

type World = Awaited<ReturnType<typeof buildWorld>>;
type Pair = World["bench"];

async function signIn(baseUrl: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ANALYST) });
  if (r.status !== 200) throw new Error(`sign-in as ${ANALYST.email}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith("sitewatch_session="));
  if (!cookie) throw new Error("sign-in set no session cookie");
  return cookie.split(";")[0]!;
}

/** POST /api/sites/:id/detect as the analyst; the job id and when the 202 arrived (performance.now()). */
async function startDetection(baseUrl: string, cookie: string, pair: Pair): Promise<{ jobId: string; answeredAt: number }> {
  const r = await fetch(`${baseUrl}/api/sites/${pair.siteId}/detect`, {
    method: "POST",
    headers: { "Content-Type": "application/json", cookie },
    body: JSON.stringify({ beforeSceneId: pair.beforeSceneId, afterSceneId: pair.afterSceneId }),
  });
  const answeredAt = performance.now();
  const body = (await r.json()) as { job?: { id: string } };
  if (r.status !== 202 || !body.job) throw new Error(`POST detect: ${r.status} ${JSON.stringify(body)}`);
  return { jobId: body.job.id, answeredAt };
}

async function waitForJob(db: World["db"], jobId: string, until: (status: string) => boolean, timeoutMs: number, pollMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    if (until(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs / 1000} s (${job.message})`);
    await sleep(pollMs);
  }
}
const ended = (s: string) => s === "SUCCEEDED" || s === "FAILED" || s === "CANCELLED";

function checkAllOk(r: LoadResult, what: string): LoadResult {
  if ((r.status["200"] ?? 0) !== r.requests || r.errors || r.timeouts) throw new Error(`${what}: statuses ${JSON.stringify(r.status)}, ${r.errors} errors, ${r.timeouts} timeouts`);
  return r;
}

interface BusyRun extends LoadResult {
  jobId: string;
  progressAtStart: number;
  progressAtEnd: number;
  /** The whole detection in the worker, startedAt → finishedAt. */
  detectionS: number;
  candidates: number | null;
  /** Windows before this one that the detection did not outlast (not counted). */
  discarded: number;
}

/** One busy window: a new detection on the 8192² pair, load while its row says RUNNING, then the detection left to finish. */
async function busyWindow(db: World["db"], baseUrl: string, cookie: string, pair: Pair, apiPath: string): Promise<BusyRun> {
  for (let tries = 0; ; tries++) {
    const { jobId } = await startDetection(baseUrl, cookie, pair);
    const atStart = await waitForJob(db, jobId, (s) => s !== "QUEUED", 30_000, 5);
    if (atStart.status !== "RUNNING") throw new Error(`detection ${jobId} went ${atStart.status} before it was seen running: ${atStart.error}`);
    const r = checkAllOk(await load({ baseUrl, paths: [apiPath], connections: CONNECTIONS, durationS: WINDOW_S }), "busy window");
    const atEnd = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    const done = await waitForJob(db, jobId, ended, 600_000, 100);
    if (done.status !== "SUCCEEDED") throw new Error(`detection ${jobId} ended ${done.status}: ${done.error}`);
    const detectionS = (done.finishedAt!.getTime() - done.startedAt!.getTime()) / 1000;
    if (atEnd.status === "RUNNING") {
      const result = done.result ? (JSON.parse(done.result) as { proposed?: number }) : null;
      return { ...r, jobId, progressAtStart: atStart.progress, progressAtEnd: atEnd.progress, detectionS, candidates: result?.proposed ?? null, discarded: tries };
    }
    say(`  busy window not counted: the detection ended (${atEnd.status}, ${detectionS.toFixed(1)} s) before the ${WINDOW_S} s window did; again on a new detection`);
    if (tries + 1 >= BUSY_TRIES) throw new Error(`the detection ended before the ${WINDOW_S} s window ${BUSY_TRIES} times; run with a shorter BENCH_WINDOW_S`);
  }
}

interface StartSample {
  jobId: string;
  /** startedAt − createdAt of the job row (ms). */
  rowMs: number;
  /** From the 202 answer until GET /api/jobs/:id first said RUNNING or later (ms). */
  clientMs: number;
  /** GETs of the job until then. */
  polls: number;
  statusSeen: string;
}

async function enqueueToStart(db: World["db"], baseUrl: string, cookie: string, pair: Pair): Promise<StartSample[]> {
  const rand = mulberry32(20261203);
  const samples: StartSample[] = [];
  for (let i = 0; i < SMALL_JOBS; i++) {
    await sleep(200 + rand() * 1000);
    const { jobId, answeredAt } = await startDetection(baseUrl, cookie, pair);
    let polls = 0;
    let statusSeen = "QUEUED";
    let seenAt = 0;
    while (statusSeen === "QUEUED") {
      const r = await fetch(`${baseUrl}/api/jobs/${jobId}`, { headers: { cookie } });
      seenAt = performance.now();
      polls++;
      const body = (await r.json()) as { job?: { status: string } };
      if (r.status !== 200 || !body.job) throw new Error(`GET /api/jobs/${jobId}: ${r.status} ${JSON.stringify(body)}`);
      statusSeen = body.job.status;
      if (polls > 20_000) throw new Error(`job ${jobId} still QUEUED after ${polls} polls`);
    }
    const done = await waitForJob(db, jobId, ended, 120_000, 20);
    if (done.status !== "SUCCEEDED") throw new Error(`small detection ${jobId} ended ${done.status}: ${done.error}`);
    samples.push({ jobId, rowMs: done.startedAt!.getTime() - done.createdAt.getTime(), clientMs: seenAt - answeredAt, polls, statusSeen });
  }
  return samples;
}

function summary(xs: number[]) {
  return { n: xs.length, median: median(xs), p95: percentile(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs) };
}

async function main() {
  if (!(RUNS >= 1 && WINDOW_S > 0 && SMALL_JOBS >= 1)) throw new Error("BENCH_RUNS and BENCH_SMALL_JOBS must be at least 1, BENCH_WINDOW_S above 0");
  if (SMALL_JOBS < 20) say(`warning: BENCH_SMALL_JOBS ${SMALL_JOBS} is under 20; the p95 of so few is little more than their maximum`);
  fs.mkdirSync(logDir, { recursive: true });
  for (const f of ["server.log", "worker.log"]) fs.rmSync(path.join(logDir, f), { force: true });
  const machine = { cores: os.availableParallelism(), model: os.cpus()[0]?.model, node: process.version, memGiB: Math.round(os.totalmem() / 2 ** 30), loadAvgStart: os.loadavg() };
  if (machine.loadAvgStart[0]! > 0.5 * machine.cores)
    say(`warning: load average ${machine.loadAvgStart.map((l) => l.toFixed(2)).join(" ")} before starting; other processes will skew the figures`);
  await build();
  const pair = ensureChangePair();

  say(`fresh database in ${tmpDir}: migrate, demo seed, ingest of the 8192² pair into "${BENCH_SLUG}"…`);
  const world = await buildWorld(pair);
  say(`world ready: ingest ${world.ingestS.map((s) => s.toFixed(1)).join(" s + ")} s`);
  const { db } = world;

  try {
    running.server = await startServer(env, path.join(logDir, "server.log"));
    await startWorker();
    const baseUrl = running.server.baseUrl;
    const cookie = await signIn(baseUrl);
    const apiPath = `/api/public/sites/${PUBLIC_SLUG}`;
    const first = await fetch(baseUrl + apiPath);
    const bodyBytes = Buffer.byteLength(await first.text());
    if (first.status !== 200) throw new Error(`${apiPath}: ${first.status}`);
    say(`server ${baseUrl} and worker ready; ${apiPath} answers ${bodyBytes} bytes; warming up…`);
    await load({ baseUrl, paths: [apiPath], connections: CONNECTIONS, durationS: 3 });

    // 1. The public API, idle and under a detection, RUNS pairs of windows.
    const idleRuns: (LoadResult & { loadAvg1: number })[] = [];
    const busyRuns: (BusyRun & { loadAvg1: number })[] = [];
    const line = (r: LoadResult) =>
      `${r.requests} requests, ${r.reqPerS.toFixed(0)}/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p95 ${r.latencyMs.p95.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms`;
    for (let i = 0; i < RUNS; i++) {
      const active = await db.job.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } });
      if (active) throw new Error(`${active} jobs still active before an idle window`);
      idleRuns.push({ ...checkAllOk(await load({ baseUrl, paths: [apiPath], connections: CONNECTIONS, durationS: WINDOW_S }), "idle window"), loadAvg1: os.loadavg()[0]! });
      say(`run ${i + 1} idle: ${line(idleRuns.at(-1)!)} (load average ${idleRuns.at(-1)!.loadAvg1.toFixed(2)})`);
      busyRuns.push({ ...(await busyWindow(db, baseUrl, cookie, world.bench, apiPath)), loadAvg1: os.loadavg()[0]! });
      const b = busyRuns.at(-1)!;
      say(
        `run ${i + 1} busy: ${line(b)} (detection at ${(b.progressAtStart * 100).toFixed(0)}–${(b.progressAtEnd * 100).toFixed(0)} % during the window; it took ${b.detectionS.toFixed(1)} s, ${b.candidates} candidates; load average ${b.loadAvg1.toFixed(2)})`,
      );
    }

    // 2. Enqueue-to-start with an idle worker.
    say(`enqueue-to-start: ${SMALL_JOBS} detections on the ${PUBLIC_SLUG} pair, one after another…`);
    const samples = await enqueueToStart(db, baseUrl, cookie, world.olinda);
    const row = summary(samples.map((s) => s.rowMs));
    const client = summary(samples.map((s) => s.clientMs));
    const smallJobs = await db.job.findMany({ where: { id: { in: samples.map((s) => s.jobId) } } });
    const smallRunMs = summary(smallJobs.map((j) => j.finishedAt!.getTime() - j.startedAt!.getTime()));

    const med = (runs: LoadResult[], k: "p50" | "p95" | "p99") => median(runs.map((r) => r.latencyMs[k]));
    const idle = { p50Ms: med(idleRuns, "p50"), p95Ms: med(idleRuns, "p95"), p99Ms: med(idleRuns, "p99"), reqPerS: median(idleRuns.map((r) => r.reqPerS)) };
    const busy = { p50Ms: med(busyRuns, "p50"), p95Ms: med(busyRuns, "p95"), p99Ms: med(busyRuns, "p99"), reqPerS: median(busyRuns.map((r) => r.reqPerS)) };
    const ratio = busy.p95Ms / idle.p95Ms;
    const checks = {
      busyIdleP95Ratio: { value: ratio, target: `≤ ${TARGETS.busyIdleP95Ratio}`, met: ratio <= TARGETS.busyIdleP95Ratio },
      startRowP95Ms: { value: row.p95, target: `≤ ${TARGETS.startLatencyMs} ms`, met: row.p95 <= TARGETS.startLatencyMs },
      startClientP95Ms: { value: client.p95, target: `≤ ${TARGETS.startLatencyMs} ms`, met: client.p95 <= TARGETS.startLatencyMs },
    };
    const loadAvgEnd = os.loadavg();

    // The report.
    const f = (n: number, d = 1) => n.toFixed(d);
    const mark = (ok: boolean) => (ok ? "met" : "MISSED");
    const table = (rows: string[][]) => {
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
      for (const r of rows) console.log(`  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")}`);
    };
    console.log(
      `\njobs benchmark: ${machine.cores} cores (os.availableParallelism()), ${machine.model}, node ${machine.node}; load average ${f(machine.loadAvgStart[0]!, 2)} at the start, ${f(loadAvgEnd[0]!, 2)} at the end`,
    );
    console.log(
      `server + one worker (--concurrency 1) + the load generator on the same machine; bench pair ${Math.sqrt(world.bench.pixels)}², ingested in ${world.ingestS.map((s) => f(s)).join(" + ")} s`,
    );
    console.log(`\nGET ${apiPath} (${bodyBytes} bytes), ${CONNECTIONS} connections, ${WINDOW_S} s windows, ${RUNS} runs:`);
    table([
      ["", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "detection during the window"],
      ...idleRuns.flatMap((r, i) => {
        const b = busyRuns[i]!;
        return [
          [`idle, run ${i + 1}`, String(r.requests), f(r.reqPerS, 0), f(r.latencyMs.p50, 2), f(r.latencyMs.p95, 2), f(r.latencyMs.p99, 2), ""],
          [
            `busy, run ${i + 1}`,
            String(b.requests),
            f(b.reqPerS, 0),
            f(b.latencyMs.p50, 2),
            f(b.latencyMs.p95, 2),
            f(b.latencyMs.p99, 2),
            `${f(b.progressAtStart * 100, 0)}–${f(b.progressAtEnd * 100, 0)} % of a ${f(b.detectionS)} s detection${b.discarded ? ` (${b.discarded} window${b.discarded > 1 ? "s" : ""} not counted)` : ""}`,
          ],
        ];
      }),
      ["idle, median", "", f(idle.reqPerS, 0), f(idle.p50Ms, 2), f(idle.p95Ms, 2), f(idle.p99Ms, 2), ""],
      ["busy, median", "", f(busy.reqPerS, 0), f(busy.p50Ms, 2), f(busy.p95Ms, 2), f(busy.p99Ms, 2), ""],
    ]);
    console.log(
      `  p95 busy / idle: ${f(ratio, 2)} (target ≤ ${TARGETS.busyIdleP95Ratio}: ${mark(checks.busyIdleP95Ratio.met)}); per run ${idleRuns.map((r, i) => f(busyRuns[i]!.latencyMs.p95 / r.latencyMs.p95, 2)).join(", ")}`,
    );
    console.log(`\nenqueue-to-start, idle worker, ${samples.length} detections on the ${PUBLIC_SLUG} pair (each ran ${f(smallRunMs.median, 0)} ms, median):`);
    table([
      ["", "median ms", "p95 ms", "min ms", "max ms", "target"],
      ["startedAt − createdAt (job rows)", f(row.median), f(row.p95), f(row.min), f(row.max), `p95 ≤ ${TARGETS.startLatencyMs}: ${mark(checks.startRowP95Ms.met)}`],
      [
        "202 → GET /api/jobs/:id says RUNNING+",
        f(client.median),
        f(client.p95),
        f(client.min),
        f(client.max),
        `p95 ≤ ${TARGETS.startLatencyMs}: ${mark(checks.startClientP95Ms.met)}`,
      ],
    ]);
    const unmet = Object.entries(checks)
      .filter(([, c]) => !c.met)
      .map(([k]) => k);
    console.log(`\ntargets: ${Object.keys(checks).length - unmet.length} of ${Object.keys(checks).length} met${unmet.length ? `; MISSED: ${unmet.join(", ")}` : ""}`);

    writeResult("jobs", {
      machine: { ...machine, loadAvgEnd },
      setup: {
        server: "node server.mjs (production build)",
        worker: "node bin/sitewatch.mjs worker --concurrency 1",
        benchPair: { before: path.relative(ROOT, pair.before), after: path.relative(ROOT, pair.after), pixels: world.bench.pixels, ingestS: world.ingestS },
      },
      publicApi: {
        path: apiPath,
        bodyBytes,
        connections: CONNECTIONS,
        windowS: WINDOW_S,
        runs: RUNS,
        idle: { runs: idleRuns, median: idle },
        busy: { runs: busyRuns, median: busy },
        p95Ratio: ratio,
        perRunP95Ratio: idleRuns.map((r, i) => busyRuns[i]!.latencyMs.p95 / r.latencyMs.p95),
        note: "a busy window starts when the detection's job row says RUNNING and counts only if it still says RUNNING after the window's last response",
      },
      enqueueToStart: {
        jobs: SMALL_JOBS,
        pair: PUBLIC_SLUG,
        pauseBeforeEachMs: "200–1200, seeded",
        rowMs: row,
        clientMs: client,
        jobRunMs: smallRunMs,
        samples,
        note: "client: from the 202 answer until GET /api/jobs/:id, polled back to back, first said RUNNING or later",
      },
      targets: { busyIdleP95Ratio: `≤ ${TARGETS.busyIdleP95Ratio}`, startLatencyMs: `p95 ≤ ${TARGETS.startLatencyMs}` },
      checks,
    });
  } finally {
    await running.server?.stop();
    await stopWorker();
    await db.$disconnect();
  }
  say("done");
}

try {
  await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await running.server?.stop();
  await stopWorker();
  fs.rmSync(tmpDir, { recursive: true, force: true });
}
process.exit();
