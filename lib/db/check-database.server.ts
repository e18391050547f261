// The database is checked once when a process starts (web server, worker), so
// that bad configuration is one sentence then and not a stack trace in the
// middle of a request: no SQLite file, a PostgreSQL server that cannot be
// reached, a password refused, a database that does not exist, PostGIS
// missing, migrations not applied. Uses the driver directly, not Prisma, so the
// message names the cause instead of Prisma's wrapper.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { config } from "../config.server";
import { DomainError } from "../errors";

const MIGRATE = "run `npm run db:migrate` (applies the migrations of the database DATABASE_URL names)";

/** The migrations this code expects, by folder name. */
function expectedMigrations(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function missingMigrations(expected: string[], applied: Iterable<string>): string | null {
  const done = new Set(applied);
  const missing = expected.filter((m) => !done.has(m));
  if (!missing.length) return null;
  return `${missing.length} migration${missing.length === 1 ? "" : "s"} not applied (first: ${missing[0]}): ${MIGRATE}`;
}

/** Where the password would be: never printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}

const PG_CODES: Record<string, string> = {
  "28P01": "the password was refused",
  "28000": "the role may not connect",
  "3D000": "the database does not exist (create it, then run `npm run db:migrate`)",
};

async function checkPostgres(root: string): Promise<string> {
  const url = config.databaseUrl;
  const where = redactUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const reason =
      (err.code && PG_CODES[err.code]) ??
      (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH"].includes(err.code ?? "")
        ? `the server cannot be reached (${err.code})`
        : (err.message ?? String(e)).split("\n")[0]);
    throw new DomainError("bad_input", `database ${where}: ${reason}`);
  }
  try {
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    if (Number(version.split(".")[0]) < 15) throw new DomainError("bad_input", `database ${where}: PostgreSQL ${version} is too old; Sitewatch needs 15 or later`);
    const postgis = (
      await client.query<{ available: string | null; installed: string | null }>(
        "SELECT (SELECT default_version FROM pg_available_extensions WHERE name = 'postgis') AS available, (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS installed",
      )
    ).rows[0]!;
    if (!postgis.available && !postgis.installed)
      throw new DomainError("bad_input", `database ${where}: PostGIS is not installed on this server (Debian: apt-get install postgresql-15-postgis-3)`);
    const hasTable = (await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '_prisma_migrations'")).rowCount;
    if (!hasTable) throw new DomainError("bad_input", `database ${where} has no Sitewatch tables yet: ${MIGRATE}`);
    const applied = (
      await client.query<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
    ).rows.map((r) => r.migration_name);
    const problem = missingMigrations(expectedMigrations(path.join(root, "prisma", "postgres", "migrations")), applied);
    if (problem) throw new DomainError("bad_input", `database ${where}: ${problem}`);
    return `PostgreSQL ${version} with PostGIS ${postgis.installed} at ${where}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function checkSqlite(root: string): string {
  const file = config.databasePath;
  if (!fs.existsSync(file)) throw new DomainError("bad_input", `no database at ${file}: ${MIGRATE} (or set DATABASE_URL)`);
  const conn = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    const table = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) throw new DomainError("bad_input", `${file} is not a Sitewatch database yet: ${MIGRATE}`);
    const applied = (
      conn.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { migration_name: string }[]
    ).map((r) => r.migration_name);
    const problem = missingMigrations(expectedMigrations(path.join(root, "prisma", "migrations")), applied);
    if (problem) throw new DomainError("bad_input", `database ${file}: ${problem}`);
    return `SQLite ${file}`;
  } finally {
    conn.close();
  }
}

/** Throws DomainError with one line when the configured database cannot be used; returns what it is. */
export async function checkDatabase(root: string = process.cwd()): Promise<string> {
  return config.databaseProvider === "postgresql" ? checkPostgres(root) : checkSqlite(root);
}
