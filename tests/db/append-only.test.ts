// The history of claims cannot be rewritten: the database refuses updates and
// deletes of review events and releases, and no code in lib/ attempts them.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";
import { ROOT } from "../setup/paths";
import { runRawSql } from "../support/raw-sql";

let releaseId: string;
let eventId: string;

beforeAll(async () => {
  const analyst = await createUser("ANALYST");
  const editor = await createUser("EDITOR");
  const editor2 = await createUser("EDITOR");
  const ctx = await createSiteWithScenes(analyst);
  const a = await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: { before: ctx.before, after: ctx.after } });
  releaseId = (await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "frozen" } })).id;
  eventId = (await db.reviewEvent.findFirstOrThrow({ where: { annotationId: a.id } })).id;
});

describe("append-only history in the database", () => {
  // Prisma's adapter reports a trigger's abort as a generic constraint error, so
  // the refusal is checked through Prisma and its reason through the database driver itself.
  it("refuses to update or delete a release", async () => {
    await expect(db.release.update({ where: { id: releaseId }, data: { note: "rewritten" } })).rejects.toThrow();
    await expect(db.release.delete({ where: { id: releaseId } })).rejects.toThrow();
    expect((await db.release.findUniqueOrThrow({ where: { id: releaseId } })).note).toBe("frozen");
    await expect(runRawSql(`UPDATE "Release" SET "note" = 'x'`)).rejects.toThrow(/Release rows are immutable/);
    await expect(runRawSql(`DELETE FROM "Release"`)).rejects.toThrow(/Release rows are immutable/);
  });

  it("refuses to update or delete a review event", async () => {
    await expect(db.reviewEvent.update({ where: { id: eventId }, data: { comment: "rewritten" } })).rejects.toThrow();
    await expect(db.reviewEvent.deleteMany({})).rejects.toThrow();
    expect(await db.reviewEvent.count({ where: { id: eventId } })).toBe(1);
    await expect(runRawSql(`UPDATE "ReviewEvent" SET "comment" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(runRawSql(`DELETE FROM "ReviewEvent"`)).rejects.toThrow(/append-only/);
  });
});

describe("comments are part of the review record", () => {
  it("the database refuses to change or delete one", async () => {
    const c = await db.comment.create({
      data: { annotationId: (await db.reviewEvent.findUniqueOrThrow({ where: { id: eventId } })).annotationId, authorId: (await db.user.findFirstOrThrow()).id, body: "as said" },
    });
    await expect(runRawSql(`UPDATE "Comment" SET "body" = 'x'`)).rejects.toThrow(/Comment rows are append-only/);
    await expect(runRawSql(`DELETE FROM "Comment"`)).rejects.toThrow(/Comment rows are append-only/);
    expect((await db.comment.findUniqueOrThrow({ where: { id: c.id } })).body).toBe("as said");
  });
});

describe("no code writes over history", () => {
  const files = ["lib", "app", "cli", "prisma/seed", "scripts"].flatMap((d) =>
    fs
      .readdirSync(path.join(ROOT, d), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(tsx?|mjs)$/.test(e.name))
      .map((e) => path.join(e.parentPath, e.name)),
  );

  it("nothing in lib/, app/, cli/ or the scripts calls update or delete on reviewEvent, release or comment, or issues such SQL", () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      const match =
        text.match(/\.(reviewEvent|release|comment)\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\s*\(/) ??
        text.match(/(UPDATE|DELETE\s+FROM)\s+"?(ReviewEvent|Release|Comment)\b/i);
      if (match) offenders.push(`${path.relative(ROOT, file)}: ${match[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it("no route answers PUT, PATCH or DELETE under releases or events", () => {
    const routes = files.filter((f) => f.includes(`${path.sep}app${path.sep}`) && f.endsWith(`${path.sep}route.ts`) && /releases|events/.test(f));
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const file of routes) expect(fs.readFileSync(file, "utf8"), path.relative(ROOT, file)).not.toMatch(/export const (PUT|PATCH|DELETE)\b/);
  });
});
