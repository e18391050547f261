// Migrates one template PostgreSQL database per test run (project "db-postgres");
// every test file gets a copy of it (tests/setup/pg-per-file.ts). Databases left
// by runs that died are dropped when the next run starts.
import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { ROOT } from "./paths";
import { CREATE_DB_OPTIONS, TEST_PG_URL, onPgServer, pgDatabaseUrl } from "./postgres";

/** A test database of a run older than this was left by a run that died. */
const LEFT_OVER_MS = 6 * 3600 * 1000;

async function dropLeftOvers(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sw\\_test\\_%'");
    for (const { datname } of rows) {
      const started = Number(/^sw_test_(?:tpl|f)_(\d+)/.exec(datname)?.[1]);
      if (Number.isFinite(started) && Date.now() - started > LEFT_OVER_MS) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

export default async function setup({ provide }: { provide: (key: "pgTemplate", value: string) => void }): Promise<() => Promise<void>> {
  try {
    await dropLeftOvers();
  } catch (e) {
    throw new Error(`the PostgreSQL tests need a server at ${TEST_PG_URL} (set SITEWATCH_TEST_PG_URL; .ci/run starts one): ${(e as Error).message}`);
  }
  const template = `sw_test_tpl_${Date.now()}_${process.pid}`;
  await onPgServer([`CREATE DATABASE "${template}" ${CREATE_DB_OPTIONS} TEMPLATE template0`]);
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: pgDatabaseUrl(template) },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`migrating the PostgreSQL template database failed:\n${r.stdout}\n${r.stderr}`);
  provide("pgTemplate", template);
  return async () => {
    await onPgServer([`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`]);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
