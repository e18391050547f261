// Around a change: threaded comments, its history for people, the analyst's
// own list with the editors' requests, and the editors' queue with its filters.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { listChangesForUser } from "@/lib/annotations/list-changes-for-user.server";
import { updateAnnotation } from "@/lib/annotations/update-annotation.server";
import { getChangeHistory } from "@/lib/annotations/change-history.server";
import { addComment } from "@/lib/annotations/add-comment.server";
import { listComments } from "@/lib/annotations/list-comments.server";
import { db } from "@/lib/db.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { listReviewQueue } from "@/lib/review/review-queue.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { buildSquare, createAnnotationIn, createSiteSharingScenes, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let analyst2: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  analyst2 = await createUser("ANALYST", "Abe Analyst");
  editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
  ctx = await createSiteWithScenes(analyst);
});

describe("comments", () => {
  it("are threaded under a change, oldest first, with who wrote them", async () => {
    const a = await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes: ctx });
    const q = await addComment({ annotationId: a.id, actor: editor, input: { body: "Which wall is new?" } });
    const reply = await addComment({ annotationId: a.id, actor: analyst, input: { body: "The western one.", parentId: q.id } });
    await addComment({ annotationId: a.id, actor: editor2, input: { body: "Agreed", parentId: reply.id } });
    const comments = await listComments(a.id);
    expect(comments.map((c) => [c.author.name, c.body, c.parentId])).toEqual([
      ["Eli Editor", "Which wall is new?", null],
      ["Ana Analyst", "The western one.", q.id],
      ["Erin Editor", "Agreed", reply.id],
    ]);
  });

  it("refuse an empty body, a reply to a comment on another change, and a missing change", async () => {
    const a = await createAnnotationIn("DRAFT", { siteId: ctx.site.id, author: analyst, scenes: ctx });
    const b = await createAnnotationIn("DRAFT", { siteId: ctx.site.id, author: analyst, scenes: ctx });
    const onB = await addComment({ annotationId: b.id, actor: analyst, input: { body: "on b" } });
    await expect(addComment({ annotationId: a.id, actor: analyst, input: { body: "   " } })).rejects.toThrow(/write a comment/);
    await expect(addComment({ annotationId: a.id, actor: analyst, input: { body: "x", parentId: onB.id } })).rejects.toMatchObject({ code: "bad_input" });
    await expect(addComment({ annotationId: "nope", actor: analyst, input: { body: "x" } })).rejects.toMatchObject({ code: "not_found" });
    expect(await db.comment.count({ where: { annotationId: a.id } })).toBe(0);
  });
});

describe("a change's history", () => {
  it("names every event and what each edit changed, scenes as dates, with every revision's outline", async () => {
    const own = await createSiteSharingScenes(analyst, ctx);
    const a = await createAnnotationIn("SUBMITTED", { siteId: own.site.id, author: analyst, scenes: own });
    const sent = await transitionAnnotation({ annotationId: a.id, actor: editor, input: { to: "CHANGES_REQUESTED", version: a.version, comment: "bigger" } });
    const edited = await updateAnnotation({
      annotationId: a.id,
      actor: analyst,
      input: { version: sent.version, geometry: buildSquare(-34.87, -8.01, 0.003), confidence: "high", comment: "enlarged" },
    });
    const resubmitted = await transitionAnnotation({ annotationId: a.id, actor: analyst, input: { to: "SUBMITTED", version: edited.version } });
    await transitionAnnotation({ annotationId: a.id, actor: editor2, input: { to: "APPROVED", version: resubmitted.version } });
    await publishRelease({ siteId: own.site.id, actor: editor, input: { note: "release one" } });

    const history = await getChangeHistory(a.id);
    expect(history.events.map((e) => [e.action, e.actor.name, e.verb])).toEqual([
      ["create", "Ana Analyst", "created"],
      ["submit", "Ana Analyst", "submitted"],
      ["request_changes", "Eli Editor", "asked for changes to"],
      ["edit", "Ana Analyst", "edited"],
      ["resubmit", "Ana Analyst", "resubmitted"],
      ["approve", "Erin Editor", "approved"],
      ["publish", "Eli Editor", "published"],
    ]);
    const edit = history.events[3]!;
    expect(edit.comment).toBe("enlarged");
    expect(edit.changes.map((c) => c.label)).toEqual(["outline", "confidence"]);
    expect(edit.changes[0]).toMatchObject({ summary: "4.9 ha → 11.02 ha" });
    expect(history.revisions.map((r) => [r.number, r.published])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});

describe("the analyst's own list", () => {
  it("puts the changes sent back to them first, with the editor's request", async () => {
    const me = await createUser("ANALYST", "Ola Own");
    await createAnnotationIn("DRAFT", { siteId: ctx.site.id, author: me, scenes: ctx });
    const sent = await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: me, scenes: ctx });
    await transitionAnnotation({ annotationId: sent.id, actor: editor, input: { to: "CHANGES_REQUESTED", version: sent.version, comment: "Please add a source" } });
    await createAnnotationIn("DRAFT", { siteId: ctx.site.id, author: analyst, scenes: ctx });
    const list = await listChangesForUser(me.id);
    expect(list.map((i) => i.change.status)).toEqual(["CHANGES_REQUESTED", "DRAFT"]);
    expect(list[0]!.latest).toMatchObject({ actorName: "Eli Editor", verb: "asked for changes to", comment: "Please add a source" });
    expect(list[0]!.site.slug).toBe(ctx.site.slug);
  });
});

describe("the review queue", () => {
  it("filters by site, change type, analyst and how long a change has waited, oldest first", async () => {
    const other = await createSiteSharingScenes(analyst, ctx);
    const old = await createAnnotationIn("SUBMITTED", { siteId: other.site.id, author: analyst, scenes: other, input: { changeType: "earthworks" } });
    const fresh = await createAnnotationIn("SUBMITTED", { siteId: other.site.id, author: analyst2, scenes: other, input: { changeType: "construction" } });
    // The first has waited ten days.
    await db.annotation.update({ where: { id: old.id }, data: { statusChangedAt: new Date(Date.now() - 10 * 86_400_000) } });
    const ids = async (filters: NonNullable<Parameters<typeof listReviewQueue>[0]>["filters"]) => (await listReviewQueue({ filters })).items.map((i) => i.change.id);

    expect(await ids({ site: other.site.slug })).toEqual([old.id, fresh.id]);
    expect(await ids({ site: other.site.slug, type: "earthworks" })).toEqual([old.id]);
    expect(await ids({ site: other.site.slug, analyst: analyst2.id })).toEqual([fresh.id]);
    expect(await ids({ site: other.site.slug, age: "7d" })).toEqual([old.id]);
    expect(await ids({ site: other.site.slug, age: "30d" })).toEqual([]);
    const queue = await listReviewQueue({ filters: { site: other.site.slug } });
    expect(queue.items[0]).toMatchObject({ site: { slug: other.site.slug }, before: { id: ctx.before.id }, after: { id: ctx.after.id } });
    expect(queue.options.analysts.map((a) => a.name)).toEqual(expect.arrayContaining(["Ana Analyst", "Abe Analyst"]));
    expect(queue.options.types.map((t) => t.label)).toEqual(expect.arrayContaining(["earthworks", "construction"]));
  });

  it("refuses an age it does not know", async () => {
    await expect(listReviewQueue({ filters: { age: "5y" as "7d" } })).rejects.toThrow(/age is one of/);
  });
});
