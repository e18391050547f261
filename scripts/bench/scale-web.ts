// npm run bench:scale-web — the public read path through nginx with one web
// instance vs two, on one machine (issue 16). A cluster as the cluster test
// starts it (tests/support/cluster.ts: PostgreSQL, s3rver, `node server.mjs`
// instances behind Debian's nginx, the demo seeded; no worker, nothing to
// convert), with two web instances up; nginx balances over one, then over
// both (its config reloaded, SIGHUP). For each, after a warm-up:
//  - GET /api/public/sites/olinda (the public site JSON; memoised per release
//    generation, which costs one indexed query per request), and
//  - GET /tiles/<scene>/12/<x>/<y>.webp?r=<render> (a tile already rendered:
//    served from each instance's memory cache),
// loaded by wrk (Debian: `apt-get install -y wrk`; C, in a process of its own,
// so the load generator takes little of the two cores) with BENCH_CONNECTIONS
// (32) keep-alive connections for BENCH_SECONDS (10) per run, BENCH_RUNS (3)
// runs; the median run (by requests/s) is reported with its p50/p95. During
// each run the CPU time of every part (each web instance, nginx, PostgreSQL,
// wrk, and the whole machine) is read from /proc, to say what limits it.
// Result: .bench/scale-web.json.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfStale } from "../build-if-stale";
import { startCluster, type Cluster } from "../../tests/support/cluster";
import { ROOT, writeResult } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WRK = "/usr/bin/wrk";
const SLUG = "olinda";
const TICKS = 100; // USER_HZ on Linux

const t0 = performance.now();
const say = (msg: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!fs.existsSync(WRK)) {
  console.error("bench:scale-web needs wrk (Debian: apt-get install -y wrk)");
  process.exit(2);
}

// --- CPU accounting from /proc -----------------------------------------------

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProcs(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const close = text.lastIndexOf(")");
      const comm = text.slice(text.indexOf("(") + 1, close);
      const f = text.slice(close + 2).split(" ");
      // After "pid (comm) ": state ppid … utime(14th field overall → index 11 here) stime(12).
      out.push({ pid: Number(name), ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** CPU ticks of a process and all its descendants. */
function treeTicks(procs: ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let sum = 0;
  const stack = procs.filter((p) => p.pid === root);
  while (stack.length) {
    const p = stack.pop()!;
    sum += p.ticks;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return sum;
}

/** Busy and total ticks of the whole machine (every core), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

type Parts = Record<string, number>;

function partTicks(cluster: Cluster, wrkPid: number | null): Parts {
  const procs = readProcs();
  const parts: Parts = {};
  cluster.web.forEach((w, i) => (parts[`web-${i}`] = treeTicks(procs, w.process.pid)));
  parts.nginx = treeTicks(procs, cluster.nginxPid);
  // Every PostgreSQL process on the machine (the cluster's backends among them; other users' too, if any).
  parts.postgres = procs.filter((p) => p.comm === "postgres").reduce((a, p) => a + p.ticks, 0);
  parts.wrk = wrkPid === null ? 0 : treeTicks(procs, wrkPid);
  return parts;
}

// --- load ---------------------------------------------------------------------

interface Run {
  reqPerS: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  /** Cores used on average during the run, per part ("machine" = everything running, ours or not). */
  cores: Record<string, number>;
}

const LUA = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"p50":%f,"p95":%f,"p99":%f,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
`;
const luaFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-bench-wrk-")), "report.lua");
fs.writeFileSync(luaFile, LUA);

async function wrk(cluster: Cluster, url: string, seconds: number): Promise<Run> {
  const before = partTicks(cluster, null);
  const machineBefore = machineTicks();
  const child = spawn(WRK, ["-t2", `-c${CONNECTIONS}`, `-d${seconds}s`, "--timeout", "30s", "-s", luaFile, url], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  // wrk's own CPU can only be read while it runs: the last look before it ends.
  let wrkTicks = 0;
  const look = setInterval(() => (wrkTicks = Math.max(wrkTicks, treeTicks(readProcs(), child.pid!))), 250);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearInterval(look);
  const after = partTicks(cluster, null);
  const machineAfter = machineTicks();
  const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (code !== 0 || !line) throw new Error(`wrk failed (${code}):\n${out}`);
  const r = JSON.parse(line.slice(8)) as { requests: number; durationUs: number; p50: number; p95: number; p99: number; errors: number };
  const wallS = r.durationUs / 1e6;
  const cores: Record<string, number> = {};
  for (const k of Object.keys(after)) if (k !== "wrk") cores[k] = (after[k]! - before[k]!) / TICKS / wallS;
  cores.wrk = wrkTicks / TICKS / wallS;
  const cpus = os.availableParallelism();
  cores.machine = ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * cpus;
  // CPU the cluster and wrk did not use: someone else's work on the machine, competing with this run.
  cores.others = Math.max(0, cores.machine - Object.entries(cores).reduce((a, [k, v]) => (k === "machine" ? a : a + v), 0));
  return { reqPerS: r.requests / wallS, requests: r.requests, p50Ms: r.p50 / 1000, p95Ms: r.p95 / 1000, p99Ms: r.p99 / 1000, errors: r.errors, cores };
}

/** The median run by requests/s (its latencies with it, so they belong together). */
function medianRun(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.reqPerS - b.reqPerS);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The first scene of the public site JSON whose imagery is public, with its rendering key. */
function findPublicScene(doc: unknown): { id: string; renderKey: string } | null {
  const stack = [doc];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      const render = o.render as { key?: unknown } | undefined;
      if (typeof o.id === "string" && o.publicDisplay === true && typeof render?.key === "string") return { id: o.id, renderKey: render.key };
      stack.push(...Object.values(o));
    }
  }
  return null;
}

function tileAt(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

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

async function main(): Promise<void> {
  await build();
  say("starting the cluster: PostgreSQL database, s3rver, the demo seed, two web instances, nginx…");
  const cluster = await startCluster({ webInstances: 2, workers: 0, seed: true, accessLog: false, nginxWorkers: 1 });
  const stopOnSignal = () => void cluster.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    const siteUrl = `${cluster.baseUrl}/api/public/sites/${SLUG}`;
    const site = await fetch(siteUrl);
    if (site.status !== 200) throw new Error(`GET /api/public/sites/${SLUG}: ${site.status} ${await site.text()}`);
    const scene = findPublicScene(await site.json());
    if (!scene) throw new Error("the demo's public site JSON names no scene with public imagery");
    const { x, y } = tileAt(-34.87, -7.99, 12);
    const tilePath = `/tiles/${scene.id}/12/${x}/${y}.webp?r=${scene.renderKey}`;
    const tile = await fetch(`${cluster.baseUrl}${tilePath}`);
    const bytes = Buffer.from(await tile.arrayBuffer());
    if (tile.status !== 200 || bytes.subarray(8, 12).toString("latin1") !== "WEBP") throw new Error(`GET ${tilePath}: ${tile.status} ${bytes.toString().slice(0, 200)}`);
    say(`site JSON ${(await (await fetch(siteUrl)).arrayBuffer()).byteLength} bytes; tile ${tilePath} ${bytes.length} bytes`);

    const targets = { siteJson: siteUrl, cachedTile: `${cluster.baseUrl}${tilePath}` };
    const results: Record<string, Record<string, { median: Run; runs: Run[] }>> = {};
    for (const instances of [1, 2]) {
      await cluster.setUpstreams(instances);
      say(`nginx over ${instances} web instance(s); warming up`);
      for (const url of Object.values(targets)) await wrk(cluster, url, 3);
      for (const [name, url] of Object.entries(targets)) {
        const runs: Run[] = [];
        for (let i = 0; i < RUNS; i++) {
          const run = await wrk(cluster, url, SECONDS);
          if (run.errors) throw new Error(`${name}: ${run.errors} errors in a run`);
          runs.push(run);
          say(
            `${instances} instance(s) ${name} run ${i + 1}: ${run.reqPerS.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(1)} ms, p95 ${run.p95Ms.toFixed(1)} ms; cores ${Object.entries(
              run.cores,
            )
              .map(([k, v]) => `${k} ${v.toFixed(2)}`)
              .join(", ")}`,
          );
        }
        (results[name] ??= {})[instances] = { median: medianRun(runs), runs };
      }
    }

    const cpus = os.availableParallelism();
    console.log(`\nbench:scale-web — ${cpus} cores, wrk -t2 -c${CONNECTIONS}, ${SECONDS} s runs, median of ${RUNS} (by req/s)`);
    console.log("target        instances   req/s    p50 ms   p95 ms   req/s per web core   cores: web(s) / nginx / postgres / wrk / others / whole machine");
    const summary: Record<string, unknown> = {};
    for (const [name, by] of Object.entries(results)) {
      for (const n of [1, 2]) {
        const m = by[n]!.median;
        const web = Object.entries(m.cores)
          .filter(([k]) => k.startsWith("web-"))
          .map(([, v]) => v.toFixed(2))
          .join("+");
        const webCores = Object.entries(m.cores)
          .filter(([k]) => k.startsWith("web-"))
          .reduce((a, [, v]) => a + v, 0);
        console.log(
          `${name.padEnd(13)} ${String(n).padStart(9)} ${m.reqPerS.toFixed(0).padStart(7)} ${m.p50Ms.toFixed(1).padStart(9)} ${m.p95Ms.toFixed(1).padStart(8)} ${(m.reqPerS / webCores).toFixed(0).padStart(20)}   ${web} / ${m.cores.nginx!.toFixed(2)} / ${m.cores.postgres!.toFixed(2)} / ${m.cores.wrk!.toFixed(2)} / ${m.cores.others!.toFixed(2)} / ${m.cores.machine!.toFixed(2)} of ${cpus}`,
        );
      }
      const ratio = by[2]!.median.reqPerS / by[1]!.median.reqPerS;
      const p95Ratio = by[2]!.median.p95Ms / by[1]!.median.p95Ms;
      summary[name] = { oneInstanceReqPerS: by[1]!.median.reqPerS, twoInstancesReqPerS: by[2]!.median.reqPerS, reqPerSRatio: ratio, p95Ratio };
      console.log(`${name}: two instances / one = ${ratio.toFixed(2)}× requests/s, p95 ${p95Ratio.toFixed(2)}×`);
    }
    const others = Math.max(...Object.values(results).flatMap((by) => [1, 2].map((n) => by[n]!.median.cores.others!)));
    if (others > 0.25)
      console.log(
        `NOTE: other work on this machine took up to ${others.toFixed(2)} of its ${cpus} cores during the runs: the ratios above measure that contention as much as Sitewatch. Run it on an idle machine for a scaling figure; "req/s per web core" is the least affected column.`,
      );
    console.log(
      `What limits it: every part shares the same ${cpus} cores; the "whole machine" column is how many of them were busy (other work on the machine included). ` +
        `When it is near ${cpus}, a second Node instance can only take CPU time from the first, from nginx and from wrk: ` +
        `more instances help when one instance's event loop (one core) is the limit and cores are free, which on ${cpus} cores they are not for long.`,
    );
    writeResult("scale-web", { cpus, connections: CONNECTIONS, seconds: SECONDS, runs: RUNS, results, summary });
  } finally {
    await cluster.stop();
    fs.rmSync(path.dirname(luaFile), { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
