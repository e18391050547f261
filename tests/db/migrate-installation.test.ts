// `sitewatch migrate-db` and `sitewatch migrate-store` move the demo from the
// embedded installation (SQLite file, local store) to the scale-out one (a
// fresh PostgreSQL database, an S3 bucket on s3rver): every public document and
// every release hash read from the new installation, in a process of its own
// with nothing local, is byte-identical to the old one's; running both again
// copies nothing; a row that differs in the target is named and left alone; a
// bad --to is one line and exit 2. (SQLite → PostgreSQL: on the db project only.)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config.server";
import { cancelJob } from "@/lib/jobs/cancel-job.server";
import { runJobNow } from "@/lib/jobs/run-job-now.server";
import { PRERENDER_JOB } from "@/lib/publish/prerender-tiles-job.server";
import { copyDatabase } from "@/lib/migrate/copy-database.server";
import type { DatabaseReport, StoreReport } from "@/lib/migrate/migrate-report";
import { acceptSceneUpload } from "@/lib/scenes/accept-scene-upload.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { LocalBlobStore } from "@/lib/storage/blob-store.server";
import { S3BlobStore } from "@/lib/storage/s3-blob-store.server";
import { s3Settings } from "@/lib/storage/store-url";
import { DEMO_SITE_SLUG, seedAccounts, seedDemo } from "@/prisma/seed/demo-data";
import { db as sourceDb } from "@/lib/db.server";
import { IMAGERY, ROOT } from "../setup/paths";
import { CREATE_DB_OPTIONS, onPgServer, pgDatabaseUrl, TEST_PG_URL } from "../setup/postgres";
import { startS3Server, type S3TestServer } from "../support/s3-server";

const LONG = 600_000;
const pgName = `sw_test_f_${Date.now()}_migrate`;
const pgUrl = pgDatabaseUrl(pgName);
/** A second target, filled in pages of two rows. */
const pagedName = `${pgName}_paged`;
let s3: S3TestServer;
let sourceEnv: NodeJS.ProcessEnv;
let targetEnv: NodeJS.ProcessEnv;
let emptyDir: string;
let before: Record<string, string>;
/** An upload whose conversion is queued, then cancelled: its file stays in the staging area. */
let waiting: { sha256: string; jobId: string };

function sitewatch(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "sitewatch.mjs"), ...args], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 ** 2 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function publicDocuments(env: NodeJS.ProcessEnv): Record<string, string> {
  const r = spawnSync(process.execPath, [path.join(ROOT, "tests", "support", "public-documents.mjs")], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 ** 2 });
  if (r.status !== 0) throw new Error(`public-documents failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, string>;
}

type ReleaseRow = { id: string; siteId: string; number: number; snapshot: string; snapshotSha256: string };

function sourceReleases(): ReleaseRow[] {
  const conn = new Database(config.databasePath, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare('SELECT "id", "siteId", "number", "snapshot", "snapshotSha256" FROM "Release" ORDER BY "id"').all() as ReleaseRow[];
  } finally {
    conn.close();
  }
}

async function onTarget<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const migrateDb = (): { code: number | null; report: DatabaseReport; stderr: string } => {
  const r = sitewatch(["migrate-db", "--to", pgUrl, "--json"], sourceEnv);
  return { code: r.code, report: JSON.parse(r.stdout) as DatabaseReport, stderr: r.stderr };
};
const migrateStore = (): { code: number | null; report: StoreReport; stderr: string } => {
  const r = sitewatch(["migrate-store", "--to", s3.env.SITEWATCH_STORE_URL!, "--json"], sourceEnv);
  if (r.code !== 0) throw new Error(`migrate-store failed (${r.code}): ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as StoreReport, stderr: r.stderr };
};

describe("moving the demo from SQLite and a local store to PostgreSQL and S3", () => {
  beforeAll(async () => {
    await seedDemo();
    // The demo's release queued the drawing of its public tiles: the workers finish it before a migration, as the
    // operator is told to let them (the one job left queued below is the one this file is about).
    for (const job of await sourceDb.job.findMany({ where: { kind: PRERENDER_JOB, status: "QUEUED" } })) await runJobNow({ jobId: job.id });
    const users = await seedAccounts();
    const site = await sourceDb.site.findUniqueOrThrow({ where: { slug: DEMO_SITE_SLUG } });
    const accepted = await acceptSceneUpload({
      staged: await stageLocalFile(path.join(IMAGERY, "generated", "l7-tiled-deflate.tif")),
      siteId: site.id,
      metadata: { acquiredAt: "2002-03-01", license: "Apache-2.0", attribution: "test" },
      actor: users["analyst@example.org"]!,
    });
    waiting = { sha256: accepted.scene.sha256, jobId: accepted.job!.id };
    // A reply whose id sorts before its parent's: the copy, in key order, meets the reply first.
    const annotation = await sourceDb.annotation.findFirstOrThrow({ where: { siteId: site.id }, orderBy: { id: "asc" } });
    const editor = users["editor@example.org"]!;
    await sourceDb.comment.create({ data: { id: "zz-parent", annotationId: annotation.id, authorId: editor.id, body: "Which scene shows it first?" } });
    await sourceDb.comment.create({ data: { id: "aa-reply", annotationId: annotation.id, authorId: editor.id, parentId: "zz-parent", body: "The 2003 one." } });
    s3 = await startS3Server({ bucket: "sitewatch-migrate", prefix: "store" });
    // The source: this file's SQLite copy and its store; the S3 settings are there for --to only.
    sourceEnv = { ...process.env, ...s3.env, SITEWATCH_STORE_URL: "" };
    emptyDir = fs.mkdtempSync(path.join(config.dataDir, "nothing-local-"));
    // The target, read with nothing of the source at hand: no SQLite file, an empty data folder, the store in the bucket.
    targetEnv = { ...process.env, ...s3.env, DATABASE_URL: pgUrl, SITEWATCH_DATA_DIR: emptyDir };
    for (const name of [pgName, pagedName]) {
      await onPgServer([`CREATE DATABASE "${name}" ${CREATE_DB_OPTIONS} TEMPLATE template0`]);
      const env = { ...process.env, DATABASE_URL: pgDatabaseUrl(name) };
      const migrated = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: ROOT, env, encoding: "utf8" });
      if (migrated.status !== 0) throw new Error(`migrating ${name} failed: ${migrated.stdout}\n${migrated.stderr}`);
    }
    // Read first on the source: the tile of each public scene is rendered into the local tile cache, which migrate-store carries over.
    before = publicDocuments(sourceEnv);
  }, LONG);

  afterAll(async () => {
    await s3?.stop();
    await onPgServer([`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`, `DROP DATABASE IF EXISTS "${pagedName}" WITH (FORCE)`]);
  }, LONG);

  it(
    "refuses while a job is queued (on PostgreSQL it would have no token for a worker to take)",
    async () => {
      const r = sitewatch(["migrate-db", "--to", pgUrl], sourceEnv);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/1 job\(s\) are queued or running in the source/);
      expect(await onTarget('SELECT 1 FROM "User"')).toEqual([]);
      // Cancelled: the scene is FAILED and its upload stays staged, which migrate-store must carry over.
      const admin = (await seedAccounts())["admin@example.org"]!;
      await cancelJob({ jobId: waiting.jobId, user: admin });
    },
    LONG,
  );

  it(
    "copies every row and every file, and the new installation serves the same bytes",
    async () => {
      expect(Object.keys(before).some((k) => k.startsWith("/tiles/") && before[k]!.startsWith("200 "))).toBe(true);
      const releases = sourceReleases();
      expect(releases.length).toBeGreaterThan(0);

      const db = migrateDb();
      expect(db.stderr).toBe("");
      expect(db.code).toBe(0);
      expect(db.report.identical).toBe(true);
      // Every model, whatever its name (a new one is copied too), each hashed alike on both sides.
      const { Prisma } = await import("@prisma/client");
      expect(db.report.tables.map((t) => t.table).sort()).toEqual(Prisma.dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort());
      for (const t of db.report.tables) {
        expect(t.targetSha256, t.table).toBe(t.sourceSha256);
        expect(t.copied + t.alreadyThere + t.replaced, t.table).toBe(t.sourceRows);
      }
      const byTable = Object.fromEntries(db.report.tables.map((t) => [t.table, t]));
      expect(byTable.Release!.copied).toBe(releases.length);
      // The cycle Annotation ↔ AnnotationRevision: the revision references were set in the second pass.
      expect(byTable.Annotation!.linked).toBeGreaterThan(0);

      const store = migrateStore();
      expect(store.report.firstProblem).toBeNull();
      // Two scenes' originals and COGs, and the cancelled upload.
      expect(store.report.files).toBe(5);
      expect(store.report.copied).toBe(store.report.files);
      expect(store.report.tiles?.copied).toBeGreaterThan(0);
      const bucket = new S3BlobStore({ bucket: s3.bucket, prefix: "store", settings: s3Settings(s3.env), tempDir: emptyDir, description: "target" });
      expect(await bucket.isStaged(waiting.sha256)).toBe(true);
      expect(await bucket.has(waiting.sha256)).toBe(false);
      bucket.client.destroy();

      // The releases as stored: the same rows, and each snapshot still hashes to its recorded sha256.
      const copied = await onTarget<ReleaseRow>('SELECT "id", "siteId", "number", "snapshot", "snapshotSha256" FROM "Release" ORDER BY "id" COLLATE "C"');
      expect(copied).toEqual(releases);
      for (const r of copied) expect(createHash("sha256").update(r.snapshot).digest("hex")).toBe(r.snapshotSha256);

      const after = publicDocuments(targetEnv);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const key of Object.keys(before)) expect(after[key], key).toBe(before[key]);
      // Nothing was read from a local file: the empty data folder holds no store.
      expect(fs.existsSync(path.join(emptyDir, "store"))).toBe(false);
    },
    LONG,
  );

  it(
    "running both again copies nothing and finds everything already there",
    () => {
      const db = migrateDb();
      expect(db.code).toBe(0);
      expect(db.report.identical).toBe(true);
      for (const t of db.report.tables) {
        expect({ table: t.table, copied: t.copied, replaced: t.replaced, linked: t.linked, conflicts: t.conflicts }).toEqual({
          table: t.table,
          copied: 0,
          replaced: 0,
          linked: 0,
          conflicts: 0,
        });
        expect(t.alreadyThere, t.table).toBe(t.sourceRows);
      }
      const store = migrateStore();
      expect(store.report.copied).toBe(0);
      expect(store.report.alreadyThere).toBe(store.report.files);
      expect(store.report.tiles).toMatchObject({ copied: 0 });
      expect(store.report.tiles!.alreadyThere).toBeGreaterThan(0);
    },
    LONG,
  );

  it(
    "a row that differs in the target is named and left as it is: exit 1",
    async () => {
      const [site] = await onTarget<{ id: string; name: string }>('SELECT "id", "name" FROM "Site" ORDER BY "id" LIMIT 1');
      await onTarget('UPDATE "Site" SET "name" = $1 WHERE "id" = $2', ["Changed in the target", site!.id]);
      try {
        const db = migrateDb();
        expect(db.code).toBe(1);
        expect(db.stderr.trim().split("\n")).toHaveLength(1);
        expect(db.stderr).toContain(`Site ["${site!.id}"]`);
        expect(db.stderr).toContain("name");
        expect(db.report.identical).toBe(false);
        expect(db.report.tables.find((t) => t.table === "Site")).toMatchObject({ conflicts: 1, alreadyThere: 0 });
        const [now] = await onTarget<{ name: string }>('SELECT "name" FROM "Site" WHERE "id" = $1', [site!.id]);
        expect(now!.name).toBe("Changed in the target");
      } finally {
        await onTarget('UPDATE "Site" SET "name" = $1 WHERE "id" = $2', [site!.name, site!.id]);
      }
      expect(migrateDb().code).toBe(0);
    },
    LONG,
  );

  it(
    "copies the same in pages of two rows: a reply met before its parent, the revision cycle, many keyset pages",
    async () => {
      for (const round of [1, 2]) {
        const report = await copyDatabase({ to: pgDatabaseUrl(pagedName), batchRows: 2 });
        expect(report.firstProblem, `round ${round}`).toBeNull();
        const comments = report.tables.find((t) => t.table === "Comment")!;
        expect(comments.sourceRows).toBeGreaterThanOrEqual(4);
        expect(round === 1 ? comments.copied : comments.alreadyThere).toBe(comments.sourceRows);
        if (round === 1) expect(report.tables.find((t) => t.table === "Annotation")!.linked).toBeGreaterThan(0);
      }
    },
    LONG,
  );

  it(
    "a file the database refers to but the store lacks is named: exit 1",
    async () => {
      const scene = await sourceDb.scene.findFirstOrThrow({ where: { cogSha256: { not: null } }, orderBy: { id: "asc" } });
      const file = new LocalBlobStore(config.storeDir).localPath(scene.cogSha256!);
      fs.renameSync(file, `${file}.away`);
      try {
        const r = sitewatch(["migrate-store", "--to", `file:${path.join(config.dataDir, "another-store")}`], sourceEnv);
        expect(r.code).toBe(1);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expect(r.stderr).toContain(`${scene.cogSha256}: missing from the source store`);
        expect(r.stderr).toContain(scene.id);
      } finally {
        fs.renameSync(`${file}.away`, file);
      }
    },
    LONG,
  );

  it(
    "a bad --to is one line and exit 2",
    () => {
      const cases: Array<[string[], RegExp]> = [
        [["migrate-db", "--to", "s3://bucket/prefix"], /--to must name a PostgreSQL database/],
        [["migrate-db", "--to", TEST_PG_URL], /npm run db:migrate/],
        [["migrate-db"], /needs --to/],
        [["migrate-store", "--to", "s3://Not_A_Bucket/x"], /--to "s3:\/\/Not_A_Bucket\/x": the bucket name/],
        [["migrate-store", "--to", "s3://no-such-bucket/x"], /the bucket "no-such-bucket" does not exist/],
        [["migrate-store", "--to", "ftp://example.org/x"], /--to must be file:\/absolute\/path or s3:\/\/bucket\/prefix/],
      ];
      for (const [args, message] of cases) {
        const r = sitewatch(args, sourceEnv);
        expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: "" });
        expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
        expect(r.stderr).toMatch(message);
        // No password in any message.
        expect(r.stderr).not.toContain(":sitewatch@");
      }
    },
    LONG,
  );
});
