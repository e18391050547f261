// `sitewatch backup OUT`: one archive holding a consistent snapshot of the
// database and every store file it refers to, taken while the server runs
// (backup-manifest.ts says what is in it and why). The database is copied
// first; the files follow, read from the store as the snapshot names them.
// Files are content-addressed and a READY scene's files are never removed, so
// whatever the snapshot refers to is still there, whatever the server does
// meanwhile. Each file is hashed as it is written and must hash to its name:
// a damaged store file stops the backup instead of being archived.
//
// The archive is written under a temp name beside OUT and renamed at the end:
// OUT is either the whole backup or not there (an older OUT stays as it was).
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { DomainError } from "../errors";
import { sha256OfFile } from "../scenes/stage-upload.server";
import { LocalBlobStore } from "../storage/blob-store.server";
import { embeddedInstallation } from "./embedded-installation.server";
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  blobEntryName,
  DATABASE_ENTRY,
  MANIFEST_ENTRY,
  MANIFEST_NOTE,
  referencedBlobs,
  type BackupManifest,
  type BlobReference,
  type SceneFiles,
} from "./backup-manifest";
import { checkDatabaseIntegrity, snapshotDatabase } from "./snapshot-database.server";
import { ShortReadError, TarWriter } from "./tar-stream.server";
import { fsyncDir } from "./backup-files.server";

export interface BackupSummary {
  out: string;
  /** sha256 of the archive file, to check an off-site copy against. */
  sha256: string;
  bytes: number;
  databaseBytes: number;
  files: number;
  fileBytes: number;
  /** Uploads of unconverted scenes whose file was already gone (see BackupManifest.absent). */
  absent: number;
  createdAt: string;
}

interface LocatedBlob extends BlobReference {
  file: string;
  bytes: number;
}

/** The file of a reference: a READY scene's in the store; an upload waiting for conversion in the staging area or, once converted, the store. */
async function locate(store: LocalBlobStore, ref: BlobReference): Promise<LocatedBlob | null> {
  const candidates = ref.place === "store" ? [store.localPath(ref.sha256)] : [store.stagedPath(ref.sha256), store.localPath(ref.sha256)];
  for (const file of candidates) {
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile()) return { ...ref, file, bytes: stat.size };
  }
  return null;
}

function readSnapshot(file: string): { scenes: SceneFiles[]; migrations: string[] } {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const scenes = conn.prepare('SELECT "id", "sha256", "cogSha256", "status" FROM "Scene" ORDER BY "id"').all() as SceneFiles[];
    const hasMigrations = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    const migrations = hasMigrations
      ? (
          conn.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name").all() as {
            migration_name: string;
          }[]
        ).map((m) => m.migration_name)
      : [];
    return { scenes, migrations };
  } finally {
    conn.close();
  }
}

/** What a failed write to OUT means to the person who typed it. */
function outProblem(out: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOSPC") return new DomainError("bad_input", `${out}: no space left on the device; nothing was written`);
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return new DomainError("bad_input", `${out}: not allowed to write there; nothing was written`);
  return e;
}

export async function createBackup(args: { out: string; onProgress?: (fraction: number, message: string) => void }): Promise<BackupSummary> {
  const out = path.resolve(args.out);
  const dir = path.dirname(out);
  if (!(await fs.stat(dir).catch(() => null))?.isDirectory()) throw new DomainError("bad_input", `${args.out}: the folder ${dir} does not exist`);
  if ((await fs.stat(out).catch(() => null))?.isDirectory()) throw new DomainError("bad_input", `${args.out}: is a folder; name the archive file to write`);
  const { dbPath, storeDir } = embeddedInstallation("backup");
  if (!(await fs.stat(dbPath).catch(() => null))?.isFile()) throw new DomainError("bad_input", `no database at ${dbPath} (DATABASE_URL): nothing to back up`);

  const tag = `.${path.basename(out)}.${randomUUID().slice(0, 8)}`;
  const tempDb = path.join(dir, `${tag}.db.part`);
  const tempOut = path.join(dir, `${tag}.part`);
  try {
    args.onProgress?.(0, "copying the database");
    const createdAt = new Date();
    try {
      snapshotDatabase({ from: dbPath, to: tempDb });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "SQLITE_FULL") throw new DomainError("bad_input", `${args.out}: no space left on the device; nothing was written`);
      if (code === "SQLITE_CANTOPEN" && (e as Error).message.includes(tempDb))
        throw new DomainError("bad_input", `${args.out}: cannot write a file in ${dir}; nothing was written`);
      throw e;
    }
    const integrity = checkDatabaseIntegrity(tempDb);
    if (integrity !== "ok") throw new DomainError("unprocessable", `${dbPath}: the database fails its integrity check (${integrity}); nothing was written`);
    const { scenes, migrations } = readSnapshot(tempDb);

    const store = new LocalBlobStore(storeDir);
    const blobs: LocatedBlob[] = [];
    const absent: BackupManifest["absent"] = [];
    for (const ref of referencedBlobs(scenes)) {
      const found = await locate(store, ref);
      if (found) blobs.push(found);
      else if (!ref.required) absent.push({ sha256: ref.sha256, sceneId: ref.sceneId });
      else throw new DomainError("unprocessable", `${store.localPath(ref.sha256)}: missing from the store, yet scene ${ref.sceneId} refers to it; nothing was written`);
    }

    const database = { sha256: await sha256OfFile(tempDb), bytes: (await fs.stat(tempDb)).size, migrations };
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: createdAt.toISOString(),
      note: MANIFEST_NOTE,
      database,
      blobs: blobs.map((b) => ({ sha256: b.sha256, bytes: b.bytes, place: b.place })),
      absent,
    };
    const total = database.bytes + blobs.reduce((n, b) => n + b.bytes, 0);
    let copied = 0;
    const onBytes = (n: number) => {
      copied += n;
      args.onProgress?.(total ? copied / total : 1, `${(copied / 1024 ** 2).toFixed(0)} of ${(total / 1024 ** 2).toFixed(0)} MiB`);
    };

    const mtimeS = Math.floor(createdAt.getTime() / 1000);
    const handle = await fs.open(tempOut, "wx", 0o600).catch((e: unknown) => Promise.reject(outProblem(args.out, e)));
    let sha256: string;
    try {
      const tar = new TarWriter(handle);
      await tar.addBuffer({ entry: { name: MANIFEST_ENTRY, mtimeS }, data: Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`) });
      const dbHandle = await fs.open(tempDb, "r");
      try {
        await tar.addFile({ entry: { name: DATABASE_ENTRY, size: database.bytes, mtimeS }, source: dbHandle, onBytes });
      } finally {
        await dbHandle.close();
      }
      for (const blob of blobs) {
        // Opened once: a staged upload that its conversion moves into the store meanwhile stays readable through this handle.
        const source = await fs.open(blob.file, "r").catch(async () => {
          const again = await locate(store, blob);
          if (!again) throw new DomainError("conflict", `${blob.file}: removed while the backup was running (its scene was deleted); run the backup again`);
          return fs.open(again.file, "r");
        });
        try {
          const got = await tar.addFile({ entry: { name: blobEntryName(blob), size: blob.bytes, mtimeS }, source, onBytes }).catch((e: unknown) => {
            if (e instanceof ShortReadError) throw new DomainError("unprocessable", `${blob.file}: changed while it was being copied; nothing was written`);
            throw e;
          });
          if (got !== blob.sha256) throw new DomainError("unprocessable", `${blob.file}: damaged in the store (its bytes hash to ${got}, not to its name); nothing was written`);
        } finally {
          await source.close();
        }
      }
      sha256 = await tar.finish();
      await handle.sync();
    } catch (e) {
      throw outProblem(args.out, e);
    } finally {
      await handle.close();
    }
    await fs.rename(tempOut, out);
    await fsyncDir(dir);
    const bytes = (await fs.stat(out)).size;
    return {
      out,
      sha256,
      bytes,
      databaseBytes: database.bytes,
      files: blobs.length,
      fileBytes: total - database.bytes,
      absent: absent.length,
      createdAt: manifest.createdAt,
    };
  } finally {
    await fs.rm(tempDb, { force: true });
    await fs.rm(tempOut, { force: true });
  }
}
