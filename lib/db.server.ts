// The one Prisma client, through a driver adapter (no native query engine to
// download), for whichever database DATABASE_URL names: the embedded SQLite file
// (better-sqlite3) or PostgreSQL with PostGIS (`pg`; its client is generated from
// the derived schema prisma/postgres/schema.prisma, same models and types).
// Reused across hot reloads in development.
// On SQLite, several processes share the file (web servers, workers, the CLI): it runs in
// WAL mode, where readers never wait for the writer; transactions take the
// write lock as they begin, and a writer waits up to 10 s for another instead
// of failing.
import fs from "node:fs";
import { createRequire } from "node:module";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import { config } from "./config.server";
import { postgresAdapter, postgresTimeouts } from "./db/postgres-adapter";

const BUSY_TIMEOUT_MS = 10_000;

/** WAL is a property of the database file: set once, it stays. */
function switchToWal(file: string): void {
  if (!fs.existsSync(file)) return;
  const raw = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    if (raw.pragma("journal_mode", { simple: true }) !== "wal") raw.pragma("journal_mode = WAL");
  } finally {
    raw.close();
  }
}

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE), waiting
 * for another process's writer up to the busy timeout. The driver adapter's
 * plain BEGIN reads a snapshot first, and in WAL mode a transaction whose
 * snapshot another process wrote past (a worker's progress, say) cannot write
 * at all: "database is locked" at once, with no wait.
 */
function immediateTransactions(adapter: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const connection = await connect();
    const client = (connection as unknown as { client: Database.Database }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof client.prepare;
    return connection;
  };
  return adapter;
}

/** The PostgreSQL client has the same models and types as the SQLite one: the schema is derived from it. */
function createPostgresClient(): PrismaClient {
  const require = createRequire(import.meta.url);
  const { PrismaClient: PostgresClient } = require(/*turbopackIgnore: true*/ "../node_modules/.prisma/postgres-client") as { PrismaClient: new (o: unknown) => unknown };
  // Write transactions queue for one lock (lib/db/postgres-adapter.ts) and for the
  // pool's connections: a burst of a few hundred moves at once (the racing-pairs
  // test) waits its turn, as on SQLite, instead of failing after Prisma's default
  // 2 s; a transaction may run 30 s (default 5 s) before it is rolled back.
  const timeouts = postgresTimeouts();
  return new PostgresClient({
    adapter: postgresAdapter({ url: config.databaseUrl, serialWrites: true, timeouts }),
    transactionOptions: { maxWait: timeouts.writeWaitMs, timeout: timeouts.transactionMs },
  }) as PrismaClient;
}

function createClient(): PrismaClient {
  if (config.databaseProvider === "postgresql") return createPostgresClient();
  switchToWal(config.databasePath);
  const adapter = immediateTransactions(new PrismaBetterSQLite3({ url: `file:${config.databasePath}`, timeout: BUSY_TIMEOUT_MS }));
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { sitewatchDb?: PrismaClient };

export const db: PrismaClient = globalForDb.sitewatchDb ?? createClient();
globalForDb.sitewatchDb = db;

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
