// Before a db test file's modules load (project "db-postgres"): its own copy of
// the migrated template database and its own imagery store.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { TMP } from "./paths";
import { onPgServer, pgDatabaseUrl } from "./postgres";
import { initKeyring } from "@/lib/evidence/keyring.server";

const name = `sw_test_f_${Date.now()}_${randomUUID().slice(0, 8)}`;
await onPgServer([`CREATE DATABASE "${name}" TEMPLATE "${inject("pgTemplate")}"`]);
const dir = path.join(TMP, `pg-${process.env.VITEST_POOL_ID ?? "0"}-${randomUUID().slice(0, 8)}`);
fs.mkdirSync(dir, { recursive: true });
process.env.DATABASE_URL = pgDatabaseUrl(name);
process.env.SITEWATCH_DATA_DIR = dir;
// Its own release-signing key (publishing signs every release; lib/evidence/keyring.server.ts).
initKeyring(path.join(dir, "keys"));

afterAll(async () => {
  const g = globalThis as unknown as { sitewatchDb?: { $disconnect(): Promise<void> } };
  await g.sitewatchDb?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
  await onPgServer([`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
});
