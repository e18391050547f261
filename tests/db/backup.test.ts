// `sitewatch backup` / `sitewatch restore` on a real database and store: a
// backup taken while another process writes is consistent every time (a plain
// copy of the files is not), a restore gives back the same public documents,
// release hashes, rows and imagery bytes, and a refused restore (a non-empty
// installation without --force, a damaged or foreign archive) changes nothing.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuePasswordReset } from "@/lib/accounts/issue-password-reset.server";
import { createSession, findSessionUser, type SessionUser } from "@/lib/auth/session.server";
import { BLOCK, decodeHeader, paddingOf } from "@/lib/backup/tar-format";
import { checkDatabaseIntegrity, snapshotDatabase } from "@/lib/backup/snapshot-database.server";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { acceptSceneUpload } from "@/lib/scenes/accept-scene-upload.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";
import { IMAGERY, ROOT, TMP } from "../setup/paths";

let dir: string;
let analyst: SessionUser;
let stormAnnotationId: string;

interface Installation {
  env: NodeJS.ProcessEnv;
  dbPath: string;
  storeDir: string;
}

const here = (): Installation => ({ env: process.env, dbPath: config.databasePath, storeDir: config.storeDir });

function freshInstallation(name: string): Installation {
  const data = path.join(dir, name);
  return {
    env: { ...process.env, DATABASE_URL: `file:${path.join(data, "sitewatch.db")}`, SITEWATCH_DATA_DIR: data },
    dbPath: path.join(data, "sitewatch.db"),
    storeDir: path.join(data, "store"),
  };
}

function sitewatch(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "sitewatch.mjs"), ...args], { cwd: ROOT, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function publicDocuments(env: NodeJS.ProcessEnv): Record<string, string> {
  const r = spawnSync(process.execPath, [path.join(ROOT, "tests", "support", "public-documents.mjs")], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 ** 2 });
  if (r.status !== 0) throw new Error(`public-documents failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, string>;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Every file of a store (temp files aside) → the sha256 of its bytes. */
function storeFiles(storeDir: string): Record<string, string> {
  if (!fs.existsSync(storeDir)) return {};
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(storeDir, { recursive: true, withFileTypes: true })) {
    const file = path.join(e.parentPath, e.name);
    const rel = path.relative(storeDir, file);
    if (e.isFile() && !rel.startsWith(".tmp")) out[rel] = sha256(fs.readFileSync(file));
  }
  return out;
}

/** Every row of every table, in rowid order. */
function allRows(dbPath: string): Record<string, unknown[]> {
  const conn = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map((t) => [t.name, conn.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()]));
  } finally {
    conn.close();
  }
}

/** The rows a restore carries over as they were: all but live credentials (sessions, one-time links, sign-in challenges, throttle counters), which it ends. */
function withoutCredentials(rows: Record<string, unknown[]>): Record<string, unknown[]> {
  const { Session: _s, AccountToken: _t, LoginThrottle: _l, SignInChallenge: _c, ...rest } = rows;
  return rest;
}

/** What a refused restore must leave as it was: the database's bytes (main file) and rows, and the store's files. */
function fingerprint(inst: Installation) {
  return { db: sha256(fs.readFileSync(inst.dbPath)), rows: allRows(inst.dbPath), store: storeFiles(inst.storeDir) };
}

/** Nothing half-done beside the targets: no staging or set-aside files. */
function leftovers(inst: Installation): string[] {
  const dirs = new Set([path.dirname(inst.dbPath), path.dirname(inst.storeDir)]);
  return [...dirs].flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : [])).filter((n) => /\.(restore|replaced)-/.test(n));
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/** Byte offsets of each entry's data in a tar archive, by name. */
function entryOffsets(archive: Buffer): Map<string, { offset: number; size: number }> {
  const out = new Map<string, { offset: number; size: number }>();
  let at = 0;
  for (;;) {
    const h = decodeHeader(archive.subarray(at, at + BLOCK));
    if (h.kind !== "file") return out;
    out.set(h.entry.name, { offset: at + BLOCK, size: h.entry.size });
    at += BLOCK + h.entry.size + paddingOf(h.entry.size);
  }
}

/**
 * Another process writing to the database all the time (after `prefill` older comments): a transaction every
 * millisecond or so, of 10 comments (append-only) and 2 tips, deleting older
 * tips (pages freed and reused). synchronous = NORMAL spares the shared disk an
 * fsync a commit; what a reader sees is the same.
 */
async function startWriteStorm({ prefill = 0 }: { prefill?: number } = {}): Promise<{ stop: () => Promise<number> }> {
  const script = `
    const D = require("better-sqlite3");
    const d = new D(${JSON.stringify(config.databasePath)}, { timeout: 10000 });
    d.pragma("synchronous = NORMAL");
    const ins = d.prepare('INSERT INTO "Comment" ("id", "annotationId", "authorId", "body", "createdAt") VALUES (?, ?, ?, ?, ?)');
    const tip = d.prepare('INSERT INTO "Tip" ("id", "body") VALUES (?, ?)');
    const forget = d.prepare('DELETE FROM "Tip" WHERE "id" LIKE ? AND "id" < ?');
    const key = (i) => "storm-" + process.pid + "-" + String(i).padStart(9, "0");
    let n = 0;
    const batch = d.transaction(() => {
      for (let i = 0; i < 10; i++, n++) ins.run(key(n), ${JSON.stringify(stormAnnotationId)}, ${JSON.stringify(analyst.id)}, "comment ".repeat(2 + (n * 97) % 20), new Date().toISOString().replace("Z", "+00:00"));
      tip.run(key(n), "tip ".repeat(25 + (n * 31) % 100));
      tip.run(key(n + 1), "tip ".repeat(25 + (n * 37) % 100));
      forget.run("storm-" + process.pid + "-%", key(n - 100));
    });
    d.transaction(() => {
      for (let i = 0; i < ${prefill}; i++) ins.run("prefill-" + process.pid + "-" + i, ${JSON.stringify(stormAnnotationId)}, ${JSON.stringify(analyst.id)}, "earlier comment ".repeat(4 + (i * 13) % 40), new Date().toISOString().replace("Z", "+00:00"));
    }).immediate();
    let stopping = false;
    process.on("SIGTERM", () => (stopping = true));
    const parent = process.ppid;
    const loop = () => {
      if (process.ppid !== parent) process.exit(1);
      if (stopping) {
        d.close();
        process.stdout.write("wrote " + n + "\\n", () => process.exit(0));
        return;
      }
      batch.immediate();
      if (n === 100) process.stdout.write("storming\\n");
      setTimeout(loop, 1);
    };
    loop();`;
  const child = spawn(process.execPath, ["-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("storming")) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the writer exited (${code}): ${err}`));
    });
  });
  return {
    async stop() {
      child.kill("SIGTERM");
      // Only a hang guard: it stops at its next transaction.
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await exited;
      clearTimeout(killer);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      return Number(/wrote (\d+)/.exec(out)?.[1] ?? 0);
    },
  };
}

/** The storm's comments in a database file. */
const countComments = (file: string) => {
  const conn = new Database(file, { readonly: true });
  try {
    return (conn.prepare('SELECT count(*) AS n FROM "Comment" WHERE "id" LIKE \'storm-%\'').get() as { n: number }).n;
  } finally {
    conn.close();
  }
};

let archive: string;
let restored: Installation;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(TMP, "backup-"));
  analyst = await createUser("ANALYST", "Ana Analyst");
  const editor = await createUser("EDITOR", "Eli Editor");
  const editor2 = await createUser("EDITOR", "Erin Editor");
  const ctx = await createSiteWithScenes(analyst);
  const scenes = { before: ctx.before, after: ctx.after };
  // The first scene's licence allows public tiles: the restored installation must render them from its restored COG.
  await db.scene.update({ where: { id: ctx.before.id }, data: { publicDisplay: true, publicMaxZoom: 14 } });
  await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes, input: { description: "first change" } });
  await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "First release" } });
  await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes, input: { description: "second change" } });
  await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Second release" } });
  stormAnnotationId = (await createAnnotationIn("DRAFT", { siteId: ctx.site.id, author: analyst, scenes, input: { description: "much discussed" } })).id;
  // An upload waiting for a worker: its original is in the staging area, not the store.
  const waiting = await acceptSceneUpload({
    staged: await stageLocalFile(path.join(IMAGERY, "generated", "l7-tiled-deflate.tif")),
    siteId: ctx.site.id,
    metadata: { acquiredAt: "2002-03-01", license: "Apache-2.0", attribution: "test" },
    actor: analyst,
  });
  expect(waiting.scene.status).toBe("PROCESSING");
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a backup while another process writes", () => {
  afterAll(async () => {
    await db.tip.deleteMany({ where: { id: { startsWith: "storm-" } } });
  });

  // With a plain copy of sitewatch.db and its -wal in place of snapshotDatabase, 4 of the 50 copies failed integrity_check.
  // The timeout is only a hang guard: 50 copies and checks of a database of some megabytes take a while on a busy machine.
  it("is consistent every time: 50 copies of the database taken during a write storm all pass integrity_check", async () => {
    // A database of some megabytes, so that each copy takes long enough for many writes and checkpoints to happen during it.
    const storm = await startWriteStorm({ prefill: 20_000 });
    const counts: number[] = [];
    try {
      for (let i = 0; i < 50; i++) {
        const copy = path.join(dir, `storm-${i}.db`);
        snapshotDatabase({ from: config.databasePath, to: copy });
        expect(checkDatabaseIntegrity(copy)).toBe("ok");
        counts.push(countComments(copy));
        if (i === 49) {
          const conn = new Database(copy, { readonly: true });
          expect(conn.pragma("foreign_key_check")).toEqual([]);
          conn.close();
        }
        fs.rmSync(copy);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      const wrote = await storm.stop();
      expect(wrote).toBeGreaterThanOrEqual(counts.at(-1) ?? 0);
    }
    // The writer was at work throughout: later copies hold more of its comments.
    expect(counts.at(-1)).toBeGreaterThan(counts[0]!);
  }, 240_000);

  it("`sitewatch backup` during the storm makes an archive that restores to a sound database", async () => {
    const storm = await startWriteStorm();
    const out = path.join(dir, "during-storm.tar");
    let r: ReturnType<typeof sitewatch>;
    try {
      r = await new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, "bin", "sitewatch.mjs"), "backup", out], { cwd: ROOT, env: process.env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
      });
    } finally {
      await storm.stop();
    }
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const inst = freshInstallation("from-storm");
    expect(sitewatch(["restore", out], inst.env).code).toBe(0);
    expect(checkDatabaseIntegrity(inst.dbPath)).toBe("ok");
    expect(countComments(inst.dbPath)).toBeGreaterThan(0);
  }, 240_000);

  it("a plain copy of the files is not a backup: the main file alone misses committed writes, and a copy of the WAL then the main file is corrupt", () => {
    // Deterministic (fixed writes, no timing): the steps a file copy runs into
    // when the server writes and checkpoints between two files being copied.
    const live = path.join(dir, "plain.db");
    const w = new Database(live);
    w.pragma("journal_mode = WAL");
    w.pragma("wal_autocheckpoint = 0");
    w.exec("CREATE TABLE c (id INTEGER PRIMARY KEY, a TEXT, body TEXT); CREATE INDEX c_a ON c (a)");
    const ins = w.prepare("INSERT INTO c (a, body) VALUES (?, ?)");
    const write = w.transaction((n: number, k: number) => {
      for (let i = 0; i < n; i++) ins.run(`a${(i * 7919) % 1000}`, "x".repeat(100 + ((i * 37 + k) % 900)));
    });
    write(2000, 1);
    w.pragma("wal_checkpoint(TRUNCATE)");
    write(20, 2);

    // The main file alone: the last 20 committed rows are only in the WAL.
    fs.copyFileSync(live, path.join(dir, "main-only.db"));
    const mainOnly = new Database(path.join(dir, "main-only.db"), { readonly: true });
    expect((mainOnly.prepare("SELECT count(*) AS n FROM c").get() as { n: number }).n).toBe(2000);
    mainOnly.close();

    // The WAL first, then (after more writes and a checkpoint) the main file.
    snapshotDatabase({ from: live, to: path.join(dir, "snapshot.db") });
    fs.copyFileSync(`${live}-wal`, path.join(dir, "torn.db-wal"));
    write(2000, 3);
    w.pragma("wal_checkpoint(PASSIVE)");
    fs.copyFileSync(live, path.join(dir, "torn.db"));
    w.close();
    const torn = (() => {
      try {
        return checkDatabaseIntegrity(path.join(dir, "torn.db"));
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(torn).not.toBe("ok");

    // VACUUM INTO at the moment the WAL was copied: sound, with every committed row.
    expect(checkDatabaseIntegrity(path.join(dir, "snapshot.db"))).toBe("ok");
    const snap = new Database(path.join(dir, "snapshot.db"), { readonly: true });
    expect((snap.prepare("SELECT count(*) AS n FROM c").get() as { n: number }).n).toBe(2020);
    snap.close();
  });
});

describe("backup and restore", () => {
  it("restores into a fresh installation with byte-identical public documents, release hashes, rows and imagery; sessions and open links do not come back", async () => {
    // Live credentials at backup time: a session, and a one-time link not yet used.
    const someone = await createUser("EDITOR");
    const session = await createSession({ userId: someone.id });
    await issuePasswordReset({ actor: null, userId: someone.id });
    archive = path.join(dir, "sitewatch-backup.tar");
    const r = sitewatch(["backup", archive, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // Readable by its owner only: it holds password hashes and second-factor secrets.
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    expect(await findSessionUser(session.token)).not.toBeNull();
    const summary = JSON.parse(r.stdout) as { sha256: string; files: number; absent: number };
    expect(summary.sha256).toBe(sha256(fs.readFileSync(archive)));
    // Two READY scenes (original + COG each) and one staged upload.
    expect(summary).toMatchObject({ files: 5, absent: 0 });
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".part"))).toEqual([]);
    // Any tar reads it, and its names are the store's own.
    const listed = spawnSync("tar", ["-tf", archive], { encoding: "utf8" });
    expect(listed.stdout.trim().split("\n").slice(0, 2)).toEqual(["sitewatch-backup.json", "sitewatch.db"]);
    expect(listed.stdout).toMatch(/^store\/\.staging\/[0-9a-f]{64}\.tif$/m);

    restored = freshInstallation("restored");
    const back = sitewatch(["restore", archive], restored.env);
    expect(back.stderr).toBe("");
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/every hash checked/);

    const original = publicDocuments(process.env);
    expect(Object.keys(original).filter((k) => k.includes("?release=")).length).toBeGreaterThan(10);
    expect(Object.entries(original).filter(([k, v]) => k.startsWith("/tiles/") && v.startsWith("200 "))).toHaveLength(1);
    expect(publicDocuments(restored.env)).toEqual(original);

    const rows = allRows(restored.dbPath);
    expect(rows.Release!.length).toBe(2);
    expect(rows.Release).toEqual(allRows(config.databasePath).Release);
    for (const release of rows.Release as { snapshot: string; snapshotSha256: string }[]) expect(sha256(Buffer.from(release.snapshot))).toBe(release.snapshotSha256);
    // Every row of every table, not only the public ones; but no session, and no open link, comes back.
    const before = allRows(config.databasePath);
    expect(before.Session!.length).toBeGreaterThan(0);
    expect(rows.Session).toEqual([]);
    expect((rows.AccountToken as { usedAt: unknown; revokedAt: unknown }[]).filter((t) => t.usedAt === null && t.revokedAt === null)).toEqual([]);
    expect(withoutCredentials(rows)).toEqual(withoutCredentials(before));
    expect((rows.AccountToken as { id: string }[]).map((t) => t.id)).toEqual((before.AccountToken as { id: string }[]).map((t) => t.id));

    const files = storeFiles(config.storeDir);
    expect(Object.keys(files).filter((f) => f.startsWith(".staging/"))).toHaveLength(1);
    expect(storeFiles(restored.storeDir)).toEqual(files);
    for (const [rel, hash] of Object.entries(files)) {
      expect(fs.readFileSync(path.join(restored.storeDir, rel)).equals(fs.readFileSync(path.join(config.storeDir, rel)))).toBe(true);
      if (!rel.startsWith(".staging/")) expect(path.basename(rel)).toBe(hash);
    }
    expect(leftovers(restored)).toEqual([]);
  });

  it("refuses to overwrite a non-empty installation without --force, changing nothing", () => {
    const before = fingerprint(here());
    const r = sitewatch(["restore", archive]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/is not empty .*--force/);
    expect(fingerprint(here())).toEqual(before);
    expect(leftovers(here())).toEqual([]);
  });

  it("replaces a non-empty installation with --force", () => {
    const target = freshInstallation("replaced");
    expect(sitewatch(["restore", archive], target.env).code).toBe(0);
    const db2 = new Database(target.dbPath);
    db2.prepare('INSERT INTO "Tip" ("id", "body") VALUES (\'later\', \'written after the restore\')').run();
    db2.close();
    const r = sitewatch(["restore", archive, "--force"], target.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = allRows(target.dbPath);
    expect(withoutCredentials(rows)).toEqual(withoutCredentials(allRows(config.databasePath)));
    expect(rows.Session).toEqual([]);
    expect(leftovers(target)).toEqual([]);
  });

  it("refuses while a worker of the installation is running, even with --force", () => {
    const target = freshInstallation("with-worker");
    expect(sitewatch(["restore", archive], target.env).code).toBe(0);
    const conn = new Database(target.dbPath);
    conn
      .prepare('INSERT INTO "Worker" ("id", "host", "pid", "concurrency", "lastSeenAt") VALUES (?, ?, ?, ?, ?)')
      .run("elsewhere:42", "elsewhere", 42, 1, new Date().toISOString().replace("Z", "+00:00"));
    conn.close();
    const before = fingerprint(target);
    const r = sitewatch(["restore", archive, "--force"], target.env);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/worker elsewhere:42 reported itself \d+ s ago: stop every web server and worker/);
    expect(fingerprint(target)).toEqual(before);
  });

  const damaged: [string, (file: string) => void][] = [
    [
      "a blob with one byte changed",
      (file) => {
        const bytes = fs.readFileSync(file);
        const blob = [...entryOffsets(bytes)].find(([name]) => /^store\/[0-9a-f]{2}\//.test(name))![1];
        bytes[blob.offset + Math.floor(blob.size / 2)]! ^= 0xff;
        fs.writeFileSync(file, bytes);
      },
    ],
    [
      "a database with one byte changed",
      (file) => {
        const bytes = fs.readFileSync(file);
        const entry = entryOffsets(bytes).get("sitewatch.db")!;
        bytes[entry.offset + 200]! ^= 0x01;
        fs.writeFileSync(file, bytes);
      },
    ],
    ["an archive cut short", (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size * 0.7))],
    ["a file that is not an archive", (file) => fs.writeFileSync(file, "id,name\n1,not a backup\n".repeat(100))],
    ["a tar that is not a Sitewatch backup", (file) => expect(spawnSync("tar", ["--format=ustar", "-cf", file, "-C", IMAGERY, "ATTRIBUTION"]).status).toBe(0)],
    ["a missing file", (file) => fs.rmSync(file)],
  ];
  it.each(damaged)("refuses %s with one line, leaving the installation untouched even with --force", (_what, damage) => {
    const bad = path.join(dir, `damaged-${Math.random().toString(36).slice(2)}.tar`);
    fs.copyFileSync(archive, bad);
    damage(bad);
    const before = fingerprint(restored);
    const r = sitewatch(["restore", bad, "--force"], restored.env);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(bad);
    expect(fingerprint(restored)).toEqual(before);
    expect(leftovers(restored)).toEqual([]);
  });

  it("names the damaged entry", () => {
    const bad = path.join(dir, "named.tar");
    fs.copyFileSync(archive, bad);
    const bytes = fs.readFileSync(bad);
    const [name, blob] = [...entryOffsets(bytes)].find(([n]) => /^store\/[0-9a-f]{2}\//.test(n))!;
    bytes[blob.offset]! ^= 0xff;
    fs.writeFileSync(bad, bytes);
    const r = sitewatch(["restore", bad, "--force"], restored.env);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`${name}.*damaged: its bytes hash to`));
  });
});

describe("a backup refuses", () => {
  it("a scale-out installation (PostgreSQL or an S3 store), naming the tools to use instead, and writes nothing", () => {
    const out = path.join(dir, "scale-out.tar");
    for (const env of [
      { ...process.env, SITEWATCH_STORE_URL: "s3://team-imagery/sitewatch" },
      { ...process.env, DATABASE_URL: "postgresql://sitewatch@db.example.org/sitewatch" },
    ]) {
      for (const args of [
        ["backup", out],
        ["restore", out],
      ]) {
        const r = sitewatch(args, env);
        expect(r.code, args[0]).toBe(2);
        expect(oneLine(r.stderr), args[0]).toMatch(/is for the embedded SQLite installation|is for a local store/);
        expect(r.stderr).toMatch(/pg_dump/);
      }
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  it("an OUT whose folder does not exist, with one line and no file", () => {
    const r = sitewatch(["backup", path.join(dir, "no-such-folder", "b.tar")]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/no-such-folder.*does not exist/);
  });

  it("a store file whose bytes no longer match its name, writing nothing", () => {
    // Damage a copy (the restored installation), not this file's own store.
    const [rel] = Object.keys(storeFiles(restored.storeDir)).filter((f) => !f.startsWith("."));
    const file = path.join(restored.storeDir, rel!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    const out = path.join(dir, "out", "from-damaged.tar");
    fs.mkdirSync(path.dirname(out));
    const r = sitewatch(["backup", out], restored.env);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`${path.basename(file)}: damaged in the store`));
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });
});
