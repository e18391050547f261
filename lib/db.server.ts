// The one Prisma client, over better-sqlite3 through the driver adapter (no
// native query engine to download). Reused across hot reloads in development.
// Several processes share the file (web servers, workers, the CLI): it runs in
// WAL mode, where readers never wait for the writer; transactions take the
// write lock as they begin, and a writer waits up to 10 s for another instead
// of failing.
import fs from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import { config } from "./config.server";

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

function createClient(): PrismaClient {
  switchToWal(config.databasePath);
  const adapter = immediateTransactions(new PrismaBetterSQLite3({ url: `file:${config.databasePath}`, timeout: BUSY_TIMEOUT_MS }));
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { sitewatchDb?: PrismaClient };

export const db: PrismaClient = globalForDb.sitewatchDb ?? createClient();
globalForDb.sitewatchDb = db;

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
