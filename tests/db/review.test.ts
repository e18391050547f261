// The review workflow against a real SQLite file: every move for every role,
// four eyes, stale versions, and an event for every move.
import { beforeAll, describe, expect, it } from "vitest";
import type { AnnotationStatus, Role } from "@prisma/client";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { updateAnnotation } from "@/lib/annotations/update-annotation.server";
import { createAnnotationIn, createSiteSharingScenes, createSiteWithScenes, createUser } from "../factories";
import { editOutcome, isAllowed, refusalStatus, STATUSES, type Who } from "../fixtures/review-workflow";

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let admin: SessionUser;
let otherAnalyst: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;

beforeAll(async () => {
  analyst = await createUser("ANALYST");
  editor = await createUser("EDITOR");
  editor2 = await createUser("EDITOR");
  admin = await createUser("ADMIN");
  otherAnalyst = await createUser("ANALYST");
  ctx = await createSiteWithScenes(analyst);
});

/** Publishes a fresh change by `author` in a site of its own (sharing the scenes), so releases do not interfere. */
async function publishedChange(author: SessionUser) {
  const reviewer = author.id === editor.id ? editor2 : editor;
  const own = await createSiteSharingScenes(author, ctx);
  const approved = await createAnnotationIn("APPROVED", { siteId: own.site.id, author, reviewer, scenes: own });
  await publishRelease({ siteId: own.site.id, actor: editor2.id === reviewer.id ? editor : editor2, input: { note: "release" } });
  return { annotation: await db.annotation.findUniqueOrThrow({ where: { id: approved.id } }), reviewer };
}

/**
 * Brings a fresh change written by `author` to `status`. With `isPublic`, the
 * change was published first and then revised by its author (a correction in
 * progress): its status is the working revision's, while revision 1 stays public.
 */
async function changeIn(status: AnnotationStatus, author: SessionUser, isPublic = false) {
  const scenes = { before: ctx.before, after: ctx.after };
  if (isPublic || status === "PUBLISHED") {
    const { annotation, reviewer } = await publishedChange(author);
    if (status === "PUBLISHED") return annotation;
    const draft = await updateAnnotation({ annotationId: annotation.id, actor: author, input: { version: annotation.version, description: "corrected outline" } });
    if (status === "DRAFT") return draft;
    const submitted = await transitionAnnotation({ annotationId: draft.id, actor: author, input: { to: "SUBMITTED", version: draft.version } });
    if (status === "SUBMITTED") return submitted;
    const to = status as "APPROVED" | "CHANGES_REQUESTED" | "REJECTED";
    return transitionAnnotation({ annotationId: draft.id, actor: reviewer, input: { to, version: submitted.version, comment: "see notes" } });
  }
  const reviewer = author.id === editor.id ? editor2 : editor;
  if (status === "DRAFT" || status === "SUBMITTED" || status === "APPROVED") {
    return createAnnotationIn(status, { siteId: ctx.site.id, author, reviewer, scenes });
  }
  const submitted = await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author, reviewer, scenes });
  return transitionAnnotation({
    annotationId: submitted.id,
    actor: reviewer,
    input: { to: status as "CHANGES_REQUESTED" | "REJECTED", version: submitted.version, comment: "see notes" },
  });
}

const STATUS_OF: Record<string, number> = { forbidden: 403, conflict: 409, bad_input: 400 };
type Actor = "the author (analyst)" | "another analyst" | "an editor" | "an admin";
const ACTORS: { name: Actor; role: Role; who: Who }[] = [
  { name: "the author (analyst)", role: "ANALYST", who: "author" },
  { name: "another analyst", role: "ANALYST", who: "other" },
  { name: "an editor", role: "EDITOR", who: "other" },
  { name: "an admin", role: "ADMIN", who: "other" },
];

const CASES = [
  ...STATUSES.filter((s) => s !== "RETRACTED").map((from) => ({ from, isPublic: false })),
  // A published change under revision: its working revision in each state, revision 1 still public.
  ...(["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED"] as const).map((from) => ({ from, isPublic: true })),
];

describe("every status × target × role on a real database", () => {
  for (const { from, isPublic } of CASES) {
    for (const to of STATUSES.filter((s) => s !== from)) {
      for (const actorSpec of ACTORS) {
        const ok = isAllowed(from, to, actorSpec.role, actorSpec.who, isPublic);
        it(`${actorSpec.name}: ${isPublic ? "[published, under revision] " : ""}${from} → ${to} ${ok ? "moves" : `is refused (${refusalStatus(from, to, isPublic)})`}`, async () => {
          const a = await changeIn(from, analyst, isPublic);
          const actor = actorSpec.who === "author" ? analyst : { ANALYST: otherAnalyst, EDITOR: editor, ADMIN: admin }[actorSpec.role];
          const eventsBefore = await db.reviewEvent.count({ where: { annotationId: a.id } });
          const result = await transitionAnnotation({ annotationId: a.id, actor, input: { to, version: a.version, comment: "reason given" } }).catch((e: unknown) => e);
          const row = await db.annotation.findUniqueOrThrow({ where: { id: a.id } });
          const eventsAfter = await db.reviewEvent.count({ where: { annotationId: a.id } });
          if (ok) {
            expect(result).not.toBeInstanceOf(Error);
            expect(row.status).toBe(to);
            expect(row.version).toBe(a.version + 1);
            expect(eventsAfter).toBe(eventsBefore + 1);
            const last = await db.reviewEvent.findFirstOrThrow({ where: { annotationId: a.id }, orderBy: { createdAt: "desc" } });
            expect([last.fromStatus, last.toStatus, last.actorId]).toEqual([from, to, actor.id]);
          } else {
            expect(result).toBeInstanceOf(DomainError);
            expect(STATUS_OF[(result as DomainError).code]).toBe(refusalStatus(from, to, isPublic));
            expect(row.status).toBe(from);
            expect(row.version).toBe(a.version);
            expect(eventsAfter).toBe(eventsBefore);
          }
        });
      }
    }
  }
});

describe("every status × editor on a real database: who may edit, and the status an edit leaves", () => {
  for (const { from, isPublic } of [...CASES, { from: "RETRACTED" as const, isPublic: false }]) {
    for (const actorSpec of ACTORS) {
      const outcome = editOutcome(from, actorSpec.who, isPublic);
      it(`${actorSpec.name} edits ${isPublic ? "[published, under revision] " : ""}${from}: ${outcome ? `new revision, now ${outcome}` : "refused"}`, async () => {
        const a =
          from === "RETRACTED"
            ? await (async () => {
                const p = await changeIn("PUBLISHED", analyst);
                return transitionAnnotation({ annotationId: p.id, actor: editor, input: { to: "RETRACTED", version: p.version, comment: "wrong" } });
              })()
            : await changeIn(from, analyst, isPublic);
        const actor = actorSpec.who === "author" ? analyst : { ANALYST: otherAnalyst, EDITOR: editor, ADMIN: admin }[actorSpec.role];
        const before = await db.annotation.findUniqueOrThrow({ where: { id: a.id }, include: { currentRevision: true } });
        const result = await updateAnnotation({ annotationId: a.id, actor, input: { version: a.version, description: `edited by ${actorSpec.name}` } }).catch((e: unknown) => e);
        const after = await db.annotation.findUniqueOrThrow({ where: { id: a.id }, include: { currentRevision: true } });
        if (outcome) {
          expect(result).not.toBeInstanceOf(Error);
          expect(after.status).toBe(outcome);
          expect(after.currentRevision!.number).toBe(before.currentRevision!.number + 1);
          expect(after.currentRevision!.createdById).toBe(actor.id);
          // The public revision does not move until a release.
          expect(after.publishedRevisionId).toBe(before.publishedRevisionId);
          const last = await db.reviewEvent.findFirstOrThrow({ where: { annotationId: a.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
          expect([last.action, last.fromStatus, last.toStatus]).toEqual(["edit", from, outcome]);
          expect(JSON.parse(last.diff!)).toHaveProperty("description");
        } else {
          expect(result).toBeInstanceOf(DomainError);
          expect(["forbidden", "conflict"]).toContain((result as DomainError).code);
          expect(after.currentRevisionId).toBe(before.currentRevisionId);
          expect(after.version).toBe(before.version);
        }
      });
    }
  }
});

describe("four eyes", () => {
  it("an editor cannot approve their own change; another editor can", async () => {
    const own = await changeIn("SUBMITTED", editor);
    const refused = await transitionAnnotation({ annotationId: own.id, actor: editor, input: { to: "APPROVED", version: own.version } }).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe("forbidden");
    expect((refused as DomainError).message).toMatch(/you wrote/);
    const approved = await transitionAnnotation({ annotationId: own.id, actor: editor2, input: { to: "APPROVED", version: own.version } });
    expect(approved.status).toBe("APPROVED");
  });

  it("an admin cannot approve their own change either", async () => {
    const own = await changeIn("SUBMITTED", admin);
    const refused = await transitionAnnotation({ annotationId: own.id, actor: admin, input: { to: "APPROVED", version: own.version } }).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe("forbidden");
  });

  it("an editor who corrected a published change cannot approve the correction; another editor can", async () => {
    const { annotation } = await publishedChange(analyst);
    const corrected = await updateAnnotation({ annotationId: annotation.id, actor: editor, input: { version: annotation.version, description: "editor's correction" } });
    const submitted = await transitionAnnotation({ annotationId: corrected.id, actor: editor, input: { to: "SUBMITTED", version: corrected.version } });
    const refused = await transitionAnnotation({ annotationId: submitted.id, actor: editor, input: { to: "APPROVED", version: submitted.version } }).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe("forbidden");
    const approved = await transitionAnnotation({ annotationId: submitted.id, actor: editor2, input: { to: "APPROVED", version: submitted.version } });
    expect(approved.status).toBe("APPROVED");
  });

  it("an editor cannot publish a release containing their own approved change", async () => {
    const own = await changeIn("APPROVED", editor);
    const refused = await publishRelease({ siteId: ctx.site.id, actor: editor, input: { note: "attempt" } }).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe("forbidden");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: own.id } })).status).toBe("APPROVED");
    expect(await db.release.count({ where: { siteId: ctx.site.id } })).toBe(0);
  });
});

describe("stale versions", () => {
  it("a move carrying an old version gets 409 with the current state, and nothing changes", async () => {
    const a = await changeIn("SUBMITTED", analyst);
    await transitionAnnotation({ annotationId: a.id, actor: editor, input: { to: "CHANGES_REQUESTED", version: a.version, comment: "clarify" } });
    const stale = await transitionAnnotation({ annotationId: a.id, actor: editor2, input: { to: "APPROVED", version: a.version } }).catch((e: unknown) => e);
    expect((stale as DomainError).code).toBe("conflict");
    expect((stale as DomainError).details).toMatchObject({ current: { status: "CHANGES_REQUESTED", version: a.version + 1 } });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("CHANGES_REQUESTED");
  });

  it("two editors racing on the same change: exactly one wins and one event is written", async () => {
    const a = await changeIn("SUBMITTED", analyst);
    const results = await Promise.allSettled([
      transitionAnnotation({ annotationId: a.id, actor: editor, input: { to: "APPROVED", version: a.version } }),
      transitionAnnotation({ annotationId: a.id, actor: editor2, input: { to: "REJECTED", version: a.version, comment: "no" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as DomainError).code).toBe("conflict");
    const moves = await db.reviewEvent.count({ where: { annotationId: a.id, action: { in: ["approve", "reject"] } } });
    expect(moves).toBe(1);
  });
});
