// npm run bench:jobs-postgres — the job queue itself on PostgreSQL (pg-boss
// behind JobQueue, docs/decisions/0012-postgres-job-queue.md), with the same
// measurements on a temp SQLite file for comparison (BENCH_DBS=postgres,sqlite
// by default). Each database is fresh: a scratch PostgreSQL database on the
// server SITEWATCH_BENCH_PG_URL names (default: the local cluster the tests
// use; its role must be allowed to create databases), dropped at the end, or a
// SQLite file in a temp dir; `prisma migrate deploy` on it. Workers are real
// `runWorker` processes (tests/support/probe-worker.mjs: the worker loop with a
// "probe" kind that only sleeps), at the default poll of 100 ms. Measures:
//  1. enqueue → start (startedAt − createdAt of the job rows), BENCH_JOBS_LATENCY
//     (40) probes, each after a seeded random pause of 0.2–1.2 s once the
//     previous one ended: idle (one worker, nothing else queued), and busy (two
//     workers, one slot of each held by a long job, and a stream of 50 ms jobs
//     at about 10 a second beside the measured ones).
//  2. Throughput: BENCH_JOBS_MANY (1,000) probes of 0 ms queued first, then two
//     workers of concurrency 2 started: jobs a second from the first start to
//     the last end; every job ran exactly once (the probe log) in one attempt.
//  3. Enqueue rate (one at a time, each its own transaction with its token).
//  4. PostgreSQL only: what an idle worker costs (transactions a second), and
//     pg-boss's upkeep (maintain()) once the tokens of the run are there.
// Result: .bench/jobs-postgres.json.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { BENCH_DIR, median, mulberry32, percentile, ROOT, writeResult } from "./bench-support";

type Which = "postgres" | "sqlite";
const DBS = (process.env.BENCH_DBS ?? "postgres,sqlite").split(",") as Which[];
const LATENCY_JOBS = Number(process.env.BENCH_JOBS_LATENCY ?? 40);
const MANY_JOBS = Number(process.env.BENCH_JOBS_MANY ?? 1000);
const PG_SERVER = process.env.SITEWATCH_BENCH_PG_URL ?? process.env.SITEWATCH_TEST_PG_URL ?? "postgresql://sitewatch:sitewatch@localhost:5432/postgres";

const started = performance.now();
const say = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-bench-jobs-pg-"));
const pgName = `sw_bench_jobs_${Date.now()}`;
const workers = new Set<ChildProcess>();

function pgUrl(name: string): string {
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

process.on("exit", () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

const summary = (xs: number[]) => ({ n: xs.length, median: median(xs), p95: percentile(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs) });

async function measure(which: Which) {
  const url = which === "postgres" ? pgUrl(pgName) : `file:${path.join(tmpDir, "sitewatch.db")}`;
  if (which === "postgres") await onServer(`CREATE DATABASE "${pgName}" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
  const env = { ...process.env, DATABASE_URL: url, SITEWATCH_DATA_DIR: tmpDir, SITEWATCH_WORKER_NICE: "0" };
  const migrated = spawnSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
  // lib/ reads DATABASE_URL when first loaded, and keeps one client and one queue per process: one database per run of this script's main.
  Object.assign(process.env, { DATABASE_URL: url, SITEWATCH_DATA_DIR: tmpDir });
  const { db } = await import("@/lib/db.server");
  const { getJobQueue } = await import("@/lib/jobs/get-job-queue.server");
  const { waitForJob } = await import("@/lib/jobs/wait-for-job.server");
  const queue = getJobQueue();
  const probeLog = path.join(tmpDir, `probe-${which}.log`);

  const startWorker = (concurrency: number) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, "tests/support/probe-worker.mjs")], {
        cwd: ROOT,
        env: { ...env, PROBE_LOG: probeLog, PROBE_CONCURRENCY: String(concurrency) },
        stdio: ["ignore", "pipe", "inherit"],
      });
      workers.add(child);
      const timer = setTimeout(() => reject(new Error("a worker did not start in 60 s")), 60_000);
      child.stdout!.on("data", (c: Buffer) => {
        if (c.toString().includes(" ready")) {
          clearTimeout(timer);
          resolve(child);
        }
      });
      child.once("exit", (code) => reject(new Error(`a worker exited (${code}) before it was ready`)));
    });
  const stopWorkers = async () => {
    await Promise.all(
      [...workers].map(
        (w) =>
          new Promise<void>((resolve) => {
            workers.delete(w);
            if (w.exitCode !== null || w.signalCode !== null) return resolve();
            w.removeAllListeners("exit");
            w.once("exit", () => resolve());
            w.kill("SIGTERM");
          }),
      ),
    );
  };
  const enqueue = (sleepMs: number) => queue.enqueue({ input: { kind: "probe", payload: { sleepMs }, createdById: null } });

  async function latency(busy: boolean) {
    await startWorker(2);
    if (busy) await startWorker(2);
    const rand = mulberry32(busy ? 2 : 1);
    const long = busy ? [await enqueue(600_000), await enqueue(600_000)] : [];
    let streaming = busy;
    const stream = (async () => {
      while (streaming) {
        await enqueue(50);
        await sleep(100);
      }
    })();
    const ms: number[] = [];
    for (let i = 0; i < LATENCY_JOBS; i++) {
      await sleep(200 + rand() * 1000);
      const done = await waitForJob({ jobId: (await enqueue(0)).id, pollMs: 10 });
      ms.push(done.startedAt!.getTime() - done.createdAt.getTime());
    }
    streaming = false;
    await stream;
    for (const j of long) await queue.requestCancel({ jobId: j.id });
    await stopWorkers();
    return summary(ms);
  }

  say(`${which}: enqueue → start, idle worker…`);
  const idle = await latency(false);
  say(`${which}: enqueue → start, busy workers…`);
  const busy = await latency(true);

  say(`${which}: ${MANY_JOBS} jobs with two workers…`);
  fs.rmSync(probeLog, { force: true });
  const t0 = performance.now();
  const many: string[] = [];
  for (let i = 0; i < MANY_JOBS; i++) many.push((await enqueue(0)).id);
  const enqueuePerS = MANY_JOBS / ((performance.now() - t0) / 1000);
  await Promise.all([startWorker(2), startWorker(2)]);
  for (const id of many) await waitForJob({ jobId: id, pollMs: 20 });
  const rows = await db.job.findMany({ where: { id: { in: many } } });
  const ran = fs.readFileSync(probeLog, "utf8").trim().split("\n");
  const first = Math.min(...rows.map((r) => r.startedAt!.getTime()));
  const last = Math.max(...rows.map((r) => r.finishedAt!.getTime()));
  const throughput = {
    jobs: MANY_JOBS,
    workers: "2 × concurrency 2",
    jobsPerS: MANY_JOBS / ((last - first) / 1000),
    wallS: (last - first) / 1000,
    enqueuePerS,
    /** A job's own time in the worker (claimed → ended, the probe sleeps 0 ms): the queue's writes, and the worker's. */
    jobMs: summary(rows.map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime())),
    everyJobOnceInOneAttempt:
      ran.length === MANY_JOBS && new Set(ran.map((l) => l.split(" ")[0])).size === MANY_JOBS && rows.every((r) => r.status === "SUCCEEDED" && r.attempts === 1),
    perWorker: Object.fromEntries([...ran.reduce((m, l) => m.set(l.split(" ")[1]!, (m.get(l.split(" ")[1]!) ?? 0) + 1), new Map<string, number>())]),
  };
  await stopWorkers();

  let postgres: Record<string, unknown> | undefined;
  if (which === "postgres") {
    say("postgres: an idle worker's cost and pg-boss's upkeep…");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const commits = async () => Number((await client.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0].xact_commit);
    await startWorker(2);
    await sleep(6_000);
    const [c0, w0] = [await commits(), performance.now()];
    await sleep(10_000);
    const txPerS = (await commits()) - c0;
    const idleWorkerTxPerS = txPerS / ((performance.now() - w0) / 1000);
    await stopWorkers();
    const PgBoss = (await import("pg-boss")).default;
    const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false, max: 1 });
    await boss.start();
    const tokens = Number((await client.query(`SELECT count(*) n FROM pgboss.job`)).rows[0].n);
    const m0 = performance.now();
    await boss.maintain();
    const maintainMs = performance.now() - m0;
    await boss.stop({ graceful: false });
    await client.end();
    postgres = { idleWorkerTxPerS, pgBossMaintainMs: maintainMs, tokensAtMaintain: tokens };
  }
  await db.$disconnect();
  return { idle, busy, throughput, postgres };
}

async function main() {
  const [which, out] = process.argv.slice(2) as [Which | undefined, string | undefined];
  if (which && out) {
    fs.writeFileSync(out, JSON.stringify(await measure(which)));
    return;
  }
  // One database per process (lib/ keeps one client and one queue): each runs in a child that writes its answer here.
  const results: Record<string, unknown> = {};
  for (const w of DBS) {
    const out = path.join(tmpDir, `${w}.json`);
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench/jobs-postgres.ts"), w, out], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`the ${w} run failed (${r.status ?? r.signal})`);
    results[w] = JSON.parse(fs.readFileSync(out, "utf8"));
  }
  const f = (x: number) => x.toFixed(0);
  for (const [w, r] of Object.entries(results) as [string, Awaited<ReturnType<typeof measure>>][]) {
    console.log(`\n${w}:`);
    console.log(`  enqueue → start, idle worker:  median ${f(r.idle.median)} ms, p95 ${f(r.idle.p95)} ms, max ${f(r.idle.max)} ms (${r.idle.n} jobs)`);
    console.log(`  enqueue → start, busy workers: median ${f(r.busy.median)} ms, p95 ${f(r.busy.p95)} ms, max ${f(r.busy.max)} ms (${r.busy.n} jobs)`);
    console.log(
      `  ${r.throughput.jobs} jobs, ${r.throughput.workers}: ${f(r.throughput.jobsPerS)} jobs/s (${r.throughput.wallS.toFixed(1)} s), each once in one attempt: ${r.throughput.everyJobOnceInOneAttempt}, per worker ${JSON.stringify(r.throughput.perWorker)}; enqueue ${f(r.throughput.enqueuePerS)}/s`,
    );
    if (r.postgres)
      console.log(
        `  idle worker: ${(r.postgres.idleWorkerTxPerS as number).toFixed(1)} transactions/s; pg-boss maintain(): ${f(r.postgres.pgBossMaintainMs as number)} ms with ${r.postgres.tokensAtMaintain} tokens`,
      );
  }
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  writeResult("jobs-postgres", { machine: { cores: os.availableParallelism(), loadAvg: os.loadavg() }, pollMs: 100, ...results });
}

try {
  await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await stopAll();
}

async function stopAll() {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  if (process.argv[2] === "postgres") await onServer(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`).catch(() => undefined);
}
process.exit();
