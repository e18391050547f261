// npm run bench:scale-ogc — GET /ogc/collections/changes/items?bbox=… over
// 100,000 published changes across 1,000 sites, on SQLite and on PostgreSQL +
// PostGIS (BENCH_DBS=sqlite,postgres by default): p50/p95 of small (1°),
// medium (20°), large (90°), antimeridian-crossing and whole-world boxes,
// BENCH_OGC_QUERIES (40) boxes of each, BENCH_OGC_LIMIT (100) features a page,
// the median of BENCH_OGC_RUNS (3) runs. Each database is fresh and migrated:
// a SQLite file in a temp dir, or a scratch database on the server
// SITEWATCH_BENCH_PG_URL names (default: the local cluster the tests use; its
// role must be allowed to create databases), with the server's own collation,
// dropped at the end. The work is done by scripts/bench/scale-ogc-run.ts in a
// process per database. Result: .bench/scale-ogc.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ROOT, writeResult } from "./bench-support";

type Which = "sqlite" | "postgres";
const DBS = (process.env.BENCH_DBS ?? "sqlite,postgres").split(",") as Which[];
const PG_SERVER = process.env.SITEWATCH_BENCH_PG_URL ?? process.env.SITEWATCH_TEST_PG_URL ?? "postgresql://sitewatch:sitewatch@localhost:5432/postgres";
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-bench-ogc-"));
const pgName = `sw_bench_ogc_${Date.now()}`;

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function migrate(url: string): void {
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed:\n${r.stdout}\n${r.stderr}`);
}

const results: Record<string, unknown> = {};
try {
  for (const which of DBS) {
    let url = `file:${path.join(tmpDir, "bench.db")}`;
    if (which === "postgres") {
      await onServer(`CREATE DATABASE "${pgName}" TEMPLATE template0`);
      const u = new URL(PG_SERVER);
      u.pathname = `/${pgName}`;
      url = u.toString();
    }
    console.error(`${which}: migrating, seeding and measuring…`);
    migrate(url);
    const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "bench", "scale-ogc-run.ts")], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, SITEWATCH_DATA_DIR: tmpDir, BENCH_OGC_DB: which },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) throw new Error(`${which}: the measuring process failed (${r.status})`);
    results[which] = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
  }
} finally {
  fs.rmSync(tmpDir, { recursive: true, force: true });
  if (DBS.includes("postgres")) await onServer(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`).catch(() => {});
}

console.log("\np95 (p50) in ms, limit", (Object.values(results)[0] as { limit: number } | undefined)?.limit);
const kinds = Object.keys((Object.values(results)[0] as { queries: object } | undefined)?.queries ?? {});
for (const kind of kinds) {
  const cells = DBS.map((which) => {
    const q = (results[which] as { queries: Record<string, { p50Ms: number; p95Ms: number; meanMatched: number }> }).queries[kind]!;
    return `${which} ${q.p95Ms} (${q.p50Ms})`;
  });
  console.log(`${kind.padEnd(12)} ${cells.join("   ")}`);
}
writeResult("scale-ogc", { date: new Date().toISOString(), cpus: os.cpus().length, results });
