// `sitewatch restore IN [--force]`: puts a backup (create-backup.server.ts)
// back as the installation DATABASE_URL and the store folder name. Nothing
// of the installation is touched until the whole archive has been read and
// checked: every entry goes to a staging folder beside its target (the same
// file system, so the swap is a rename), hashed as it is written; then the
// database's integrity and every release's snapshot hash are checked; only
// then are the old database and store renamed away and the restored ones
// renamed in, and the old ones removed. A damaged, cut-short or foreign
// archive is refused with the installation as it was.
//
// Run it with the web servers and workers stopped: a process holding the old
// database open would go on writing to a file that is no longer the
// installation's. Workers report themselves in the database, so one seen
// lately stops the restore; web servers do not, so the operator stops them.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { DomainError } from "../errors";
import { LocalBlobStore } from "../storage/blob-store.server";
import { embeddedInstallation } from "./embedded-installation.server";
import { BACKUP_FORMAT, BACKUP_VERSION, BackupManifest, blobEntryName, DATABASE_ENTRY, entryKindOf, MANIFEST_ENTRY, unknownMigrations } from "./backup-manifest";
import { DATABASE_SIDE_FILES, fsyncDir } from "./backup-files.server";
import { ShortReadError, TarReader } from "./tar-stream.server";

/** A worker reports itself every 5 s; one seen within this is taken to be running. */
const LIVE_WORKER_MS = 15_000;
/** A manifest lists ~100 bytes per file: far below this for any real store. */
const MAX_MANIFEST_BYTES = 256 * 1024 ** 2;
/** Rows in any of these make an installation non-empty (a freshly migrated database has none). */
const CONTENT_TABLES = ["User", "Site", "Scene", "Annotation", "Release", "Tip"];

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "..", "..", "prisma", "migrations");

export interface RestoreSummary {
  database: string;
  store: string;
  files: number;
  bytes: number;
  /** When the backup was taken. */
  createdAt: string;
  /** Whether an installation with content was replaced (--force). */
  replaced: boolean;
  /** Migrations this code has that the restored database lacks: run `npm run db:migrate`. */
  pendingMigrations: string[];
}

interface Installation {
  content: string[];
  liveWorker: { id: string; seenAgoS: number } | null;
}

function timeOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  const text = String(value);
  if (/^\d+$/.test(text)) return Number(text);
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

async function describeInstallation({ dbPath, storeDir }: { dbPath: string; storeDir: string }): Promise<Installation> {
  const content: string[] = [];
  let liveWorker: Installation["liveWorker"] = null;
  const stat = await fs.stat(dbPath).catch(() => null);
  if (stat && stat.size > 0) {
    // Read-only: a refused restore leaves the database as it was.
    const conn = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 10_000 });
    try {
      const tables = new Set((conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
      for (const table of CONTENT_TABLES.filter((t) => tables.has(t))) {
        const n = (conn.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
        if (n) content.push(`${n} ${table.toLowerCase()} row${n === 1 ? "" : "s"}`);
      }
      if (tables.has("Worker")) {
        for (const w of conn.prepare('SELECT "id", "lastSeenAt" FROM "Worker"').all() as { id: string; lastSeenAt: unknown }[]) {
          const ago = Date.now() - timeOf(w.lastSeenAt);
          if (ago < LIVE_WORKER_MS && (!liveWorker || ago / 1000 < liveWorker.seenAgoS)) liveWorker = { id: w.id, seenAgoS: Math.max(0, Math.round(ago / 1000)) };
        }
      }
    } finally {
      conn.close();
    }
  }
  const files = (await fs.readdir(storeDir, { recursive: true, withFileTypes: true }).catch(() => [])).filter(
    (e) => e.isFile() && !path.relative(storeDir, path.join(e.parentPath, e.name)).startsWith(".tmp"),
  );
  if (files.length) content.push(`${files.length} file${files.length === 1 ? "" : "s"} in ${storeDir}`);
  return { content, liveWorker };
}

async function knownMigrations(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Checks the restored database before it replaces anything: SQLite's integrity check, and each release's snapshot against its sha256. Leaves it in WAL mode. */
function checkRestoredDatabase(file: string): string | null {
  const conn = new Database(file, { fileMustExist: true });
  try {
    const integrity = (conn.pragma("integrity_check") as { integrity_check: string }[])[0]?.integrity_check;
    if (integrity !== "ok") return `its database fails SQLite's integrity check (${integrity})`;
    const hasReleases = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Release'").get();
    if (hasReleases) {
      for (const r of conn.prepare('SELECT "siteId", "number", "snapshot", "snapshotSha256" FROM "Release"').iterate() as Iterable<{
        siteId: string;
        number: number;
        snapshot: string;
        snapshotSha256: string;
      }>) {
        if (createHash("sha256").update(r.snapshot).digest("hex") !== r.snapshotSha256) return `release ${r.number} of site ${r.siteId} does not match its sha256`;
      }
    }
    forgetCredentialsInUse(conn);
    conn.pragma("journal_mode = WAL");
    return null;
  } finally {
    conn.close();
  }
}

/**
 * What was live when the backup was taken must not come back to life: a
 * session ended, a link revoked or a sign-in challenge since. Everyone signs in
 * again after a restore; open one-time links are revoked (an admin issues new
 * ones); the throttle starts afresh. Accounts, passwords and second factors stay.
 */
function forgetCredentialsInUse(conn: Database.Database): void {
  const has = (table: string) => Boolean(conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table));
  // As Prisma writes a DateTime in SQLite.
  const now = new Date().toISOString().replace("Z", "+00:00");
  conn.transaction(() => {
    for (const table of ["Session", "SignInChallenge", "LoginThrottle"]) if (has(table)) conn.prepare(`DELETE FROM "${table}"`).run();
    if (has("AccountToken")) conn.prepare('UPDATE "AccountToken" SET "revokedAt" = ? WHERE "usedAt" IS NULL AND "revokedAt" IS NULL').run(now);
  })();
}

const exists = (p: string) =>
  fs.lstat(p).then(
    () => true,
    () => false,
  );

/** Renames the restored database and store into place, the old ones aside; on any failure every rename is undone. */
async function swapIn(args: { stagedDb: string; stagedStore: string; dbPath: string; storeDir: string; id: string }): Promise<string[]> {
  const { dbPath, storeDir, id } = args;
  const aside = (p: string) => path.join(path.dirname(p), `.${path.basename(p)}.replaced-${id}`);
  const undo: (() => Promise<void>)[] = [];
  const moved: string[] = [];
  const move = async (from: string, to: string) => {
    await fs.rename(from, to);
    undo.push(() => fs.rename(to, from));
    moved.push(to);
  };
  try {
    if (await exists(storeDir)) await move(storeDir, aside(storeDir));
    await move(args.stagedStore, storeDir);
    // The old database's WAL goes with it: left beside the restored file, SQLite would replay it into that file.
    for (const side of DATABASE_SIDE_FILES) if (await exists(dbPath + side)) await move(dbPath + side, aside(dbPath) + side);
    if (await exists(dbPath)) await move(dbPath, aside(dbPath));
    await move(args.stagedDb, dbPath);
  } catch (e) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    throw e;
  }
  await fsyncDir(path.dirname(dbPath));
  await fsyncDir(path.dirname(storeDir));
  return moved.filter((p) => p !== dbPath && p !== storeDir);
}

export async function restoreBackup(args: { input: string; force?: boolean; onProgress?: (fraction: number, message: string) => void }): Promise<RestoreSummary> {
  const { dbPath, storeDir } = embeddedInstallation("restore");
  const input = args.input;
  const inPath = path.resolve(input);
  const stat = await fs.stat(inPath).catch(() => null);
  if (!stat) throw new DomainError("bad_input", `${input}: no such file`);
  if (!stat.isFile()) throw new DomainError("bad_input", `${input}: not a file`);

  const installation = await describeInstallation({ dbPath, storeDir });
  if (installation.liveWorker) {
    const w = installation.liveWorker;
    throw new DomainError("conflict", `worker ${w.id} reported itself ${w.seenAgoS} s ago: stop every web server and worker before restoring; nothing was changed`);
  }
  if (installation.content.length && !args.force) {
    throw new DomainError("conflict", `${dbPath} is not empty (${installation.content.join(", ")}): restore with --force to replace it; nothing was changed`);
  }

  const bad = (why: string) => new DomainError("bad_input", `${input}: ${why}; nothing was changed`);
  const id = randomUUID().slice(0, 8);
  const stagedDb = path.join(path.dirname(dbPath), `.${path.basename(dbPath)}.restore-${id}`);
  const stagedStore = path.join(path.dirname(storeDir), `.${path.basename(storeDir)}.restore-${id}`);
  const handle = await fs.open(inPath, "r").catch((e: unknown) => Promise.reject(new DomainError("bad_input", `${input}: cannot be read (${(e as NodeJS.ErrnoException).code})`)));
  let manifest: BackupManifest;
  let pendingMigrations: string[];
  try {
    const reader = new TarReader(handle);
    const first = await reader.next();
    if (first.kind !== "file" || first.entry.name !== MANIFEST_ENTRY) throw bad(`not a Sitewatch backup${first.kind === "bad" ? ` (${first.why})` : ""}`);
    if (first.entry.size > MAX_MANIFEST_BYTES) throw bad("not a Sitewatch backup (its manifest is far too large)");
    let raw: { format?: unknown; version?: unknown };
    try {
      raw = JSON.parse((await reader.readBuffer(first.entry.size)).toString("utf8")) as typeof raw;
    } catch (e) {
      throw e instanceof ShortReadError ? bad(e.message) : bad("not a Sitewatch backup (its manifest is not JSON)");
    }
    if (raw?.format !== BACKUP_FORMAT) throw bad("not a Sitewatch backup");
    if (typeof raw.version === "number" && raw.version > BACKUP_VERSION) throw bad(`made by a newer Sitewatch (backup format ${raw.version}); upgrade this installation first`);
    const parsed = BackupManifest.safeParse(raw);
    if (!parsed.success) throw bad(`its manifest is damaged (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
    manifest = parsed.data;

    const known = await knownMigrations();
    const unknown = unknownMigrations({ archived: manifest.database.migrations, known });
    if (unknown.length) throw bad(`its database was made by a newer Sitewatch (migration ${unknown[0]} is unknown here); upgrade this installation first`);
    pendingMigrations = known.filter((m) => !manifest.database.migrations.includes(m));

    const expected = new Map<string, { sha256: string; bytes: number; target: string }>();
    const staging = new LocalBlobStore(stagedStore);
    expected.set(DATABASE_ENTRY, { ...manifest.database, target: stagedDb });
    for (const b of manifest.blobs) expected.set(blobEntryName(b), { ...b, target: b.place === "store" ? staging.localPath(b.sha256) : staging.stagedPath(b.sha256) });
    const total = [...expected.values()].reduce((n, e) => n + e.bytes, 0);
    let copied = 0;
    const onBytes = (n: number) => {
      copied += n;
      args.onProgress?.(total ? copied / total : 1, `${(copied / 1024 ** 2).toFixed(0)} of ${(total / 1024 ** 2).toFixed(0)} MiB`);
    };

    await fs.mkdir(stagedStore, { recursive: true });
    const seen = new Set<string>();
    for (;;) {
      const header = await reader.next();
      if (header.kind === "end") break;
      if (header.kind === "bad") throw bad(`${header.why} at byte ${reader.offset}`);
      const name = header.entry.name;
      const want = expected.get(name);
      if (!want) throw bad(entryKindOf(name) ? `holds ${name}, which its manifest does not list` : `holds "${name}", which no Sitewatch backup has`);
      if (seen.has(name)) throw bad(`holds ${name} twice`);
      seen.add(name);
      if (header.entry.size !== want.bytes) throw bad(`${name} is damaged: ${header.entry.size} bytes, its manifest says ${want.bytes}`);
      await fs.mkdir(path.dirname(want.target), { recursive: true });
      const out = await fs.open(want.target, "wx");
      let got: string;
      try {
        got = await reader.copyTo({ size: header.entry.size, out, onBytes });
        await out.sync();
      } finally {
        await out.close();
      }
      if (got !== want.sha256) throw bad(`${name} is damaged: its bytes hash to ${got}, not ${want.sha256}`);
    }
    const missing = [...expected.keys()].find((name) => !seen.has(name));
    if (missing) throw bad(`${missing} is missing (the archive is incomplete)`);

    const problem = checkRestoredDatabase(stagedDb);
    if (problem) throw bad(problem);
  } catch (e) {
    await fs.rm(stagedStore, { recursive: true, force: true });
    for (const side of ["", ...DATABASE_SIDE_FILES]) await fs.rm(stagedDb + side, { force: true });
    if (e instanceof ShortReadError) throw bad(e.message);
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === "ENOSPC") throw new DomainError("bad_input", `${path.dirname(storeDir)}: no space left on the device for the restored files; nothing was changed`);
    throw e;
  } finally {
    await handle.close();
  }

  const aside = await swapIn({ stagedDb, stagedStore, dbPath, storeDir, id });
  for (const p of aside) await fs.rm(p, { recursive: true, force: true });
  return {
    database: dbPath,
    store: storeDir,
    files: manifest.blobs.length,
    bytes: manifest.database.bytes + manifest.blobs.reduce((n, b) => n + b.bytes, 0),
    createdAt: manifest.createdAt,
    replaced: installation.content.length > 0,
    pendingMigrations,
  };
}
