// `sitewatch check [--json]`: can this installation run with its configuration?
// Opens the database that DATABASE_URL names (and PostGIS and the migrations on
// PostgreSQL) and the store that SITEWATCH_STORE_URL names. The web server runs
// it before it listens, so bad configuration is one line at start-up; an
// operator runs it after changing the environment.
import { checkDatabase } from "@/lib/db/check-database.server";
import { checkStore } from "@/lib/storage/check-store.server";
import { keysDir, readKeyring } from "@/lib/evidence/keyring.server";
import { parse } from "./args";

export async function runCheck(args: string[]): Promise<void> {
  const { values } = parse(args, { json: { type: "boolean" } });
  const database = await checkDatabase();
  const store = await checkStore();
  // Not fatal: everything but publishing works without a key, and publishing then says what to do.
  const ring = readKeyring();
  const keys = ring ? `release-signing key ${ring.active} in ${keysDir()}` : `no release-signing key in ${keysDir()}: publishing is refused until \`sitewatch keys init\``;
  if (values.json) console.log(JSON.stringify({ database, store, keys }));
  else console.log(`database: ${database}\nstore: ${store}\nkeys: ${keys}`);
}
