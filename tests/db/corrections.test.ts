// Corrections and retractions as the public sees them: a published change is
// revised while the public keeps the published revision; the next release
// publishes the revision with a changelog; a retraction leaves the map in the
// next release and appears in its changelog with the public note; earlier
// releases never change.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { updateAnnotation } from "@/lib/annotations/update-annotation.server";
import { db } from "@/lib/db.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { previewRelease } from "@/lib/releases/preview-release.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { updateSite } from "@/lib/sites/update-site.server";
import { createAnnotationIn, createSiteSharingScenes, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let shared: Awaited<ReturnType<typeof createSiteWithScenes>>;

beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
  shared = await createSiteWithScenes(analyst);
});

/** A site with one published change (release 1). */
async function siteWithPublishedChange() {
  const ctx = await createSiteSharingScenes(analyst, shared);
  const a = await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: ctx, input: { description: "first account" } });
  const release1 = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "One" } });
  return { ctx, id: a.id, release1 };
}

async function current(id: string) {
  return db.annotation.findUniqueOrThrow({ where: { id } });
}

describe("correcting a published change", () => {
  it("the public keeps revision 1 while revision 2 is drafted and reviewed; the next release publishes it as revised", async () => {
    const { ctx, id, release1 } = await siteWithPublishedChange();
    const draft = await updateAnnotation({
      annotationId: id,
      actor: analyst,
      input: { version: (await current(id)).version, description: "corrected account", comment: "the west wall was missed" },
    });
    expect(draft.status).toBe("DRAFT");
    expect((await getPublicSite({ slug: ctx.site.slug })).snapshot.changes[0]).toMatchObject({ revision: 1, description: "first account" });

    // A release made meanwhile (for another change) keeps the published revision and lists nothing for it.
    const other = await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: ctx, input: { description: "another change" } });
    const release2 = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Another change" } });
    const r2 = (await getPublicSite({ slug: ctx.site.slug })).snapshot;
    expect(release2.number).toBe(2);
    expect(r2.changes.find((c) => c.id === id)).toMatchObject({ revision: 1, description: "first account", firstPublishedIn: 1, revisedIn: 1 });
    expect(r2.changelog).toMatchObject({ previousRelease: 1, added: [{ id: other.id }], revised: [], retracted: [] });

    const submitted = await transitionAnnotation({ annotationId: id, actor: analyst, input: { to: "SUBMITTED", version: draft.version } });
    await transitionAnnotation({ annotationId: id, actor: editor2, input: { to: "APPROVED", version: submitted.version } });
    const preview = await previewRelease({ siteId: ctx.site.id, actor: editor });
    expect(preview.changelog.revised).toEqual([expect.objectContaining({ id, fromRevision: 1, revision: 2, fields: ["description"] })]);
    expect(preview.ownApproved).toEqual([]);
    await publishRelease({ siteId: ctx.site.id, actor: editor, input: { note: "Corrected" } });

    const r3 = await getPublicSite({ slug: ctx.site.slug });
    expect(r3.snapshot.release.number).toBe(3);
    const corrected = r3.snapshot.changes.find((c) => c.id === id)!;
    expect(corrected).toMatchObject({ revision: 2, description: "corrected account", firstPublishedIn: 1, revisedIn: 3 });
    // Who reviewed the published revision: the approver of revision 2, not of revision 1.
    expect(corrected.reviewers).toEqual(["Erin Editor"]);
    expect(r3.snapshot.changelog).toEqual(preview.changelog);
    expect((await current(id)).status).toBe("PUBLISHED");
    // Release 1 is exactly as it was.
    expect((await db.release.findUniqueOrThrow({ where: { id: release1.id } })).snapshot).toBe(release1.snapshot);
    expect((await getPublicSite({ slug: ctx.site.slug, releaseNumber: 1 })).snapshot.changes[0]!.description).toBe("first account");
    expect(r3.history.map((h) => [h.number, h.changelog?.revised.length ?? null])).toEqual([
      [3, 1],
      [2, 0],
      [1, 0],
    ]);
    expect(r3.history.map((h) => h.changelog?.added.length)).toEqual([0, 1, 1]);
  });

  it("a rejected correction leaves the published revision public, and can be corrected again", async () => {
    const { ctx, id } = await siteWithPublishedChange();
    const draft = await updateAnnotation({ annotationId: id, actor: analyst, input: { version: (await current(id)).version, description: "dubious correction" } });
    const submitted = await transitionAnnotation({ annotationId: id, actor: analyst, input: { to: "SUBMITTED", version: draft.version } });
    const rejected = await transitionAnnotation({
      annotationId: id,
      actor: editor,
      input: { to: "REJECTED", version: submitted.version, comment: "the imagery does not show it" },
    });
    // Nothing public changed: there is nothing to publish, and the public keeps revision 1.
    expect((await previewRelease({ siteId: ctx.site.id, actor: editor2 })).empty).toBe(true);
    await expect(publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "After the rejection" } })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/^nothing to publish/),
    });
    expect((await getPublicSite({ slug: ctx.site.slug })).snapshot.changes.map((c) => [c.id, c.revision, c.description])).toEqual([[id, 1, "first account"]]);
    const again = await updateAnnotation({ annotationId: id, actor: analyst, input: { version: rejected.version, description: "second attempt" } });
    expect([again.status, again.currentRevision!.number]).toEqual(["DRAFT", 3]);
  });
});

describe("a correction of internal fields only", () => {
  it("is published (it was approved) but the public changelog does not call it revised", async () => {
    const { ctx, id } = await siteWithPublishedChange();
    const draft = await updateAnnotation({ annotationId: id, actor: analyst, input: { version: (await current(id)).version, tags: ["perimeter"] } });
    const submitted = await transitionAnnotation({ annotationId: id, actor: analyst, input: { to: "SUBMITTED", version: draft.version } });
    await transitionAnnotation({ annotationId: id, actor: editor, input: { to: "APPROVED", version: submitted.version } });
    const preview = await previewRelease({ siteId: ctx.site.id, actor: editor2 });
    expect(preview).toMatchObject({ empty: false, changelog: { added: [], revised: [], retracted: [], siteFields: [] } });
    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "internal tidy-up" } });
    expect((await getPublicSite({ slug: ctx.site.slug })).snapshot.changes[0]).toMatchObject({ revision: 2, revisedIn: 1, description: "first account" });
    expect((await current(id)).status).toBe("PUBLISHED");
    expect(JSON.stringify((await getPublicSite({ slug: ctx.site.slug })).snapshot)).not.toContain("perimeter");
  });
});

describe("retracting a published change", () => {
  it("disappears from the next release, which lists it as retracted with the public note; earlier releases keep it", async () => {
    const { ctx, id, release1 } = await siteWithPublishedChange();
    const retracted = await transitionAnnotation({
      annotationId: id,
      actor: editor,
      input: { to: "RETRACTED", version: (await current(id)).version, comment: "The structures were cloud shadows." },
    });
    expect(retracted.status).toBe("RETRACTED");
    // Until the next release the public still reads release 1.
    expect((await getPublicSite({ slug: ctx.site.slug })).snapshot.changes).toHaveLength(1);
    const preview = await previewRelease({ siteId: ctx.site.id, actor: editor2 });
    expect(preview.changelog.retracted).toEqual([expect.objectContaining({ id, note: "The structures were cloud shadows.", retractedBy: "Eli Editor" })]);

    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Retraction" } });
    const latest = (await getPublicSite({ slug: ctx.site.slug })).snapshot;
    expect(latest.changes).toEqual([]);
    expect(latest.changelog!.retracted).toEqual([
      expect.objectContaining({ id, revision: 1, changeTypeLabel: "construction", note: "The structures were cloud shadows.", retractedBy: "Eli Editor" }),
    ]);
    expect((await getPublicSite({ slug: ctx.site.slug, releaseNumber: 1 })).snapshot.changes.map((c) => c.id)).toEqual([id]);
    expect((await db.release.findUniqueOrThrow({ where: { id: release1.id } })).snapshotSha256).toBe(release1.snapshotSha256);
    // It is listed once: the release after (for a new summary) does not repeat it.
    const site = await db.site.findUniqueOrThrow({ where: { id: ctx.site.id } });
    await updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, publicSummary: "Updated after the retraction" } });
    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Later" } });
    expect((await getPublicSite({ slug: ctx.site.slug })).snapshot.changelog).toMatchObject({ retracted: [], siteFields: ["summary"] });
  });

  it("a published change under revision can be retracted too, and leaves the public record the same way", async () => {
    const { ctx, id } = await siteWithPublishedChange();
    const draft = await updateAnnotation({ annotationId: id, actor: analyst, input: { version: (await current(id)).version, description: "being corrected" } });
    await transitionAnnotation({ annotationId: id, actor: editor, input: { to: "RETRACTED", version: draft.version, comment: "Withdrawn while being corrected." } });
    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Withdrawn" } });
    const latest = (await getPublicSite({ slug: ctx.site.slug })).snapshot;
    expect(latest.changes).toEqual([]);
    expect(latest.changelog!.retracted[0]).toMatchObject({ id, note: "Withdrawn while being corrected." });
  });
});

describe("release changelogs", () => {
  it("list added changes and changed public site fields", async () => {
    const { ctx } = await siteWithPublishedChange();
    const added = await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: ctx, input: { description: "second one" } });
    const site = await db.site.findUniqueOrThrow({ where: { id: ctx.site.id } });
    await updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, publicSummary: "A clearer summary", methodologyNote: "How we looked" } });
    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Two" } });
    const { changelog } = (await getPublicSite({ slug: ctx.site.slug })).snapshot;
    expect(changelog!.added.map((c) => c.id)).toEqual([added.id]);
    expect(changelog!.siteFields).toEqual(["summary", "methodology note"]);
  });

  it("the preview names the publisher's own approved changes, which block publishing", async () => {
    const ctx = await createSiteSharingScenes(analyst, shared);
    const own = await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: editor, reviewer: editor2, scenes: ctx });
    expect((await previewRelease({ siteId: ctx.site.id, actor: editor })).ownApproved).toEqual([own.id]);
    await expect(publishRelease({ siteId: ctx.site.id, actor: editor, input: { note: "mine" } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.release.count({ where: { siteId: ctx.site.id } })).toBe(0);
  });
});

describe("four eyes on the site's public details", () => {
  it("whoever wrote or changed them since the last release does not publish them; another editor does", async () => {
    const byEditor = await createSiteSharingScenes(editor, shared);
    // The site's creator wrote its public text: they may not publish its first release.
    await expect(publishRelease({ siteId: byEditor.site.id, actor: editor, input: { note: "my own site" } })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/public details/),
    });
    expect((await previewRelease({ siteId: byEditor.site.id, actor: editor })).ownSiteEdits).toBe(true);
    await publishRelease({ siteId: byEditor.site.id, actor: editor2, input: { note: "first" } });

    // After a release nobody has changed it; an edit of the summary makes its writer one who may not publish it.
    let site = await db.site.findUniqueOrThrow({ where: { id: byEditor.site.id } });
    expect(JSON.parse(site.publicEditorIds)).toEqual([]);
    await updateSite({ siteId: site.id, actor: editor2, input: { version: site.version, publicSummary: "Rewritten by Erin" } });
    site = await db.site.findUniqueOrThrow({ where: { id: site.id } });
    // An internal description is not public: changing it makes nobody a writer of public text.
    await updateSite({ siteId: site.id, actor: editor, input: { version: site.version, description: "internal notes" } });
    expect(JSON.parse((await db.site.findUniqueOrThrow({ where: { id: site.id } })).publicEditorIds)).toEqual([editor2.id]);
    await expect(publishRelease({ siteId: site.id, actor: editor2, input: { note: "mine" } })).rejects.toMatchObject({ code: "forbidden" });
    const release = await publishRelease({ siteId: site.id, actor: editor, input: { note: "Erin's summary, checked" } });
    expect(release.number).toBe(2);
    expect(JSON.parse(release.snapshot).changelog.siteFields).toEqual(["summary"]);
  });
});

describe("publishing exactly what was shown", () => {
  it("refuses when the release would now contain something other than the previewed changelog", async () => {
    const { ctx } = await siteWithPublishedChange();
    await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: ctx, input: { description: "one more" } });
    const seen = await previewRelease({ siteId: ctx.site.id, actor: editor2 });
    expect(seen).toMatchObject({ number: 2, empty: false });
    // Meanwhile another change is approved.
    await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: ctx, input: { description: "and another" } });
    const refused = publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Two", expectedChangelogSha256: seen.changelogSha256 } });
    await expect(refused).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/something other than what you were shown/) });
    expect(await db.release.count({ where: { siteId: ctx.site.id } })).toBe(1);
    const again = await previewRelease({ siteId: ctx.site.id, actor: editor2 });
    const release = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Two", expectedChangelogSha256: again.changelogSha256 } });
    expect(JSON.parse(release.snapshot).changelog.added).toHaveLength(2);
  });

  it("a correction written by someone else names who wrote it", async () => {
    const { ctx, id } = await siteWithPublishedChange();
    const other = await createUser("ANALYST", "Abe Analyst");
    const draft = await updateAnnotation({ annotationId: id, actor: other, input: { version: (await current(id)).version, description: "Abe's correction" } });
    const submitted = await transitionAnnotation({ annotationId: id, actor: other, input: { to: "SUBMITTED", version: draft.version } });
    await transitionAnnotation({ annotationId: id, actor: editor, input: { to: "APPROVED", version: submitted.version } });
    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "corrected by Abe" } });
    expect((await getPublicSite({ slug: ctx.site.slug })).snapshot.changes[0]).toMatchObject({ analyst: "Ana Analyst", revisedBy: "Abe Analyst", reviewers: ["Eli Editor"] });
  });
});
