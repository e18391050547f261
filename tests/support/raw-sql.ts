// Runs one SQL statement on the test file's database outside Prisma, on
// whichever database the file runs against (SQLite or PostgreSQL): tests that
// the database itself refuses something (a trigger's message) need the driver's
// own error, which Prisma reports only as a generic constraint failure.
// Write identifiers quoted ("Release"), as both databases then agree.
import Database from "better-sqlite3";
import pg from "pg";
import { config } from "@/lib/config.server";

export async function runRawSql(sql: string): Promise<void> {
  if (config.databaseProvider === "postgresql") {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const conn = new Database(config.databasePath, { timeout: 10_000 });
  try {
    conn.prepare(sql).run();
  } finally {
    conn.close();
  }
}
