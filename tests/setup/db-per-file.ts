// Before a db test file's modules load: its own copy of the migrated template
// database and its own imagery store, so files never see each other's rows.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { TEMPLATE_DB, TMP } from "./paths";
import { initKeyring } from "@/lib/evidence/keyring.server";

const dir = path.join(TMP, `db-${process.env.VITEST_POOL_ID ?? "0"}-${randomUUID().slice(0, 8)}`);
fs.mkdirSync(dir, { recursive: true });
fs.copyFileSync(TEMPLATE_DB, path.join(dir, "test.db"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.SITEWATCH_DATA_DIR = dir;
// Its own release-signing key (publishing signs every release; lib/evidence/keyring.server.ts).
initKeyring(path.join(dir, "keys"));

afterAll(async () => {
  const g = globalThis as unknown as { sitewatchDb?: { $disconnect(): Promise<void> } };
  await g.sitewatchDb?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});
