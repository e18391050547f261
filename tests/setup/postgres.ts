// The db tests on PostgreSQL (project "db-postgres"): one template database
// migrated per run, and a copy of it per test file (CREATE DATABASE … TEMPLATE),
// as tests/setup/db-template.global.ts does with SQLite files. The server is
// SITEWATCH_TEST_PG_URL (default: the local cluster that .ci/run starts), with
// a role that may create databases.
import pg from "pg";

export const TEST_PG_URL = process.env.SITEWATCH_TEST_PG_URL ?? "postgresql://sitewatch:sitewatch@localhost:5432/postgres";

/** The URL of database `name` on the test server. */
export function pgDatabaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements on the test server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function onPgServer(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** C collation: text sorts by code point, as SQLite's does, so both databases order rows alike. */
export const CREATE_DB_OPTIONS = "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'";
