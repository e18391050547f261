// Releases: frozen, numbered snapshots that later edits never change, and the
// public reads that see only them.
import { beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { getPublicReleaseHistory, getPublicSite, listPublishedSites } from "@/lib/publish/public-read.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { updateSite } from "@/lib/sites/update-site.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;

beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
});

describe("publishing a release", () => {
  it("publishes approved changes only, without withheld sources, with who drew and who reviewed", async () => {
    const ctx = await createSiteWithScenes(analyst);
    const scenes = { before: ctx.before, after: ctx.after };
    const approved = await createAnnotationIn("APPROVED", {
      siteId: ctx.site.id,
      author: analyst,
      reviewer: editor,
      scenes,
      input: {
        description: "approved one",
        sources: [
          { url: "https://example.org/public", title: "Public" },
          { url: "https://example.org/secret", title: "Secret", withheld: true },
        ],
      },
    });
    await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes, input: { description: "still under review" } });
    await createAnnotationIn("DRAFT", { siteId: ctx.site.id, author: analyst, scenes, input: { description: "a draft" } });

    const release = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "First release" } });
    expect(release.number).toBe(1);
    expect(createHash("sha256").update(release.snapshot).digest("hex")).toBe(release.snapshotSha256);

    const { snapshot } = await getPublicSite({ slug: ctx.site.slug });
    expect(snapshot.changes.map((c) => c.description)).toEqual(["approved one"]);
    expect(snapshot.changes[0]!.sources.map((s) => s.url)).toEqual(["https://example.org/public"]);
    expect(snapshot.changes[0]!.analyst).toBe("Ana Analyst");
    expect(snapshot.changes[0]!.reviewers).toEqual(["Eli Editor"]);
    expect(snapshot.scenes.map((s) => s.synthetic)).toEqual([false, true]);
    expect(JSON.stringify(snapshot)).not.toMatch(/still under review|a draft|secret|store/);
    // No store key of the raw imagery (the originals' and COGs' sha256); the image chips are named by their own.
    const stored = await db.scene.findMany({ where: { id: { in: [ctx.before.id, ctx.after.id] } }, select: { sha256: true, cogSha256: true } });
    for (const key of stored.flatMap((s) => [s.sha256, s.cogSha256])) expect(JSON.stringify(snapshot)).not.toContain(key!);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: approved.id } })).status).toBe("PUBLISHED");
    const events = await db.reviewEvent.findMany({ where: { annotationId: approved.id, action: "publish" } });
    expect(events).toHaveLength(1);
  });

  it("keeps a release exactly as published after later edits, moves and releases", async () => {
    const ctx = await createSiteWithScenes(analyst);
    const scenes = { before: ctx.before, after: ctx.after };
    await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes });
    const first = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "One" } });

    // Later: the site is renamed, another change goes through, a second release is made.
    await updateSite({ siteId: ctx.site.id, actor: analyst, input: { version: ctx.site.version, name: "Renamed site", publicSummary: "changed" } });
    const later = await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes, input: { description: "later change" } });
    await transitionAnnotation({ annotationId: later.id, actor: editor, input: { to: "APPROVED", version: later.version } });
    const second = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Two" } });

    const reread = await db.release.findUniqueOrThrow({ where: { id: first.id } });
    expect(reread.snapshot).toBe(first.snapshot);
    expect(reread.snapshotSha256).toBe(first.snapshotSha256);
    expect(second.number).toBe(2);
    const v1 = await getPublicSite({ slug: ctx.site.slug, releaseNumber: 1 });
    const v2 = await getPublicSite({ slug: ctx.site.slug });
    expect(v1.snapshot.site.name).not.toBe("Renamed site");
    expect(v1.snapshot.changes).toHaveLength(1);
    expect(v2.snapshot.site.name).toBe("Renamed site");
    expect(v2.snapshot.changes).toHaveLength(2);
    expect(v2.history.map((h) => h.number)).toEqual([2, 1]);
    // Release 1 is read as published, so its URL can be cached for ever: nothing of release 2 in it.
    expect(v1.history.map((h) => h.number)).toEqual([1]);
    expect((await getPublicReleaseHistory({ slug: ctx.site.slug })).map((h) => h.number)).toEqual([2, 1]);
  });

  it("refuses an analyst and a release without a note", async () => {
    const ctx = await createSiteWithScenes(analyst);
    const byAnalyst = await publishRelease({ siteId: ctx.site.id, actor: analyst, input: { note: "x y z" } }).catch((e: unknown) => e);
    expect((byAnalyst as DomainError).code).toBe("forbidden");
    await expect(publishRelease({ siteId: ctx.site.id, actor: editor, input: { note: "" } })).rejects.toThrow(/release note/);
    expect(await db.release.count({ where: { siteId: ctx.site.id } })).toBe(0);
  });
});

describe("public reads", () => {
  it("an unpublished site is invisible: not listed and not found by slug", async () => {
    const ctx = await createSiteWithScenes(analyst);
    await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes: { before: ctx.before, after: ctx.after } });
    const listed = await listPublishedSites();
    expect(listed.features.map((f) => f.properties?.slug)).not.toContain(ctx.site.slug);
    await expect(getPublicSite({ slug: ctx.site.slug })).rejects.toMatchObject({ code: "not_found" });
    await expect(getPublicSite({ slug: "no-such-site" })).rejects.toMatchObject({ code: "not_found" });
  });
});
