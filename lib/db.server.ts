// The one Prisma client, over better-sqlite3 through the driver adapter (no
// native query engine to download). Reused across hot reloads in development.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { config } from "./config.server";

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: `file:${config.databasePath}` });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { sitewatchDb?: PrismaClient };

export const db: PrismaClient = globalForDb.sitewatchDb ?? createClient();
globalForDb.sitewatchDb = db;

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
