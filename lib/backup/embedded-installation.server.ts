// `sitewatch backup` and `restore` are for the embedded installation: one SQLite
// file and a local store folder. On PostgreSQL or an S3 store they refuse with
// one line (an archive of an empty folder would look like a backup and hold no
// imagery); those use the engines' own tools (docs/deploy.md).
import { config } from "../config.server";
import { DomainError } from "../errors";
import { parseStoreUrl } from "../storage/store-url";

export function embeddedInstallation(what: "backup" | "restore"): { dbPath: string; storeDir: string } {
  const tools = "use pg_dump or point-in-time recovery and the bucket's versioning (docs/deploy.md)";
  if (config.databaseProvider !== "sqlite")
    throw new DomainError("bad_input", `sitewatch ${what} is for the embedded SQLite installation; DATABASE_URL names PostgreSQL: ${tools}`);
  const store = parseStoreUrl(process.env.SITEWATCH_STORE_URL, config.storeDir);
  if (store.kind !== "file") throw new DomainError("bad_input", `sitewatch ${what} is for a local store; SITEWATCH_STORE_URL names ${process.env.SITEWATCH_STORE_URL}: ${tools}`);
  return { dbPath: config.databasePath, storeDir: store.dir };
}
