// The review workflow against a real SQLite file: every move for every role,
// four eyes, stale versions, and an event for every move.
import { beforeAll, describe, expect, it } from "vitest";
import type { AnnotationStatus, Role } from "@prisma/client";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let admin: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;

beforeAll(async () => {
  analyst = await createUser("ANALYST");
  editor = await createUser("EDITOR");
  editor2 = await createUser("EDITOR");
  admin = await createUser("ADMIN");
  ctx = await createSiteWithScenes(analyst);
});

/** Brings a fresh change written by `author` to `status`. */
async function changeIn(status: AnnotationStatus, author: SessionUser) {
  const scenes = { before: ctx.before, after: ctx.after };
  const reviewer = author.id === editor.id ? editor2 : editor;
  if (status === "DRAFT" || status === "SUBMITTED" || status === "APPROVED") {
    return createAnnotationIn(status, { siteId: ctx.site.id, author, reviewer, scenes });
  }
  const submitted = await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author, reviewer, scenes });
  const to = status === "CHANGES_REQUESTED" ? "CHANGES_REQUESTED" : "REJECTED";
  return transitionAnnotation({ annotationId: submitted.id, actor: reviewer, input: { to, version: submitted.version, comment: "see notes" } });
}

const cases: { from: AnnotationStatus; to: AnnotationStatus; actor: "author" | Role; ok: boolean; status?: number }[] = [
  { from: "DRAFT", to: "SUBMITTED", actor: "author", ok: true },
  { from: "DRAFT", to: "SUBMITTED", actor: "EDITOR", ok: false, status: 403 },
  { from: "DRAFT", to: "APPROVED", actor: "EDITOR", ok: false, status: 409 },
  { from: "SUBMITTED", to: "APPROVED", actor: "EDITOR", ok: true },
  { from: "SUBMITTED", to: "APPROVED", actor: "ADMIN", ok: true },
  { from: "SUBMITTED", to: "APPROVED", actor: "ANALYST", ok: false, status: 403 },
  { from: "SUBMITTED", to: "APPROVED", actor: "author", ok: false, status: 403 },
  { from: "SUBMITTED", to: "CHANGES_REQUESTED", actor: "EDITOR", ok: true },
  { from: "SUBMITTED", to: "CHANGES_REQUESTED", actor: "ANALYST", ok: false, status: 403 },
  { from: "SUBMITTED", to: "REJECTED", actor: "ADMIN", ok: true },
  { from: "SUBMITTED", to: "REJECTED", actor: "ANALYST", ok: false, status: 403 },
  { from: "CHANGES_REQUESTED", to: "SUBMITTED", actor: "author", ok: true },
  { from: "CHANGES_REQUESTED", to: "SUBMITTED", actor: "EDITOR", ok: false, status: 403 },
  { from: "CHANGES_REQUESTED", to: "APPROVED", actor: "EDITOR", ok: false, status: 409 },
  { from: "REJECTED", to: "SUBMITTED", actor: "author", ok: false, status: 409 },
  { from: "REJECTED", to: "APPROVED", actor: "EDITOR", ok: false, status: 409 },
  { from: "APPROVED", to: "PUBLISHED", actor: "EDITOR", ok: false, status: 403 },
  { from: "APPROVED", to: "SUBMITTED", actor: "author", ok: false, status: 409 },
];

const STATUS_OF: Record<string, number> = { forbidden: 403, conflict: 409, bad_input: 400 };

describe("every review move × role on a real database", () => {
  for (const c of cases) {
    it(`${c.actor === "author" ? "the author" : c.actor.toLowerCase()} moving ${c.from} → ${c.to}: ${c.ok ? "moves" : `refused (${c.status})`}`, async () => {
      const a = await changeIn(c.from, analyst);
      const actor = c.actor === "author" ? analyst : { ANALYST: await createUser("ANALYST"), EDITOR: editor, ADMIN: admin }[c.actor];
      const eventsBefore = await db.reviewEvent.count({ where: { annotationId: a.id } });
      const result = await transitionAnnotation({ annotationId: a.id, actor, input: { to: c.to, version: a.version, comment: "reason given" } }).catch((e: unknown) => e);
      const row = await db.annotation.findUniqueOrThrow({ where: { id: a.id } });
      const eventsAfter = await db.reviewEvent.count({ where: { annotationId: a.id } });
      if (c.ok) {
        expect(result).not.toBeInstanceOf(Error);
        expect(row.status).toBe(c.to);
        expect(row.version).toBe(a.version + 1);
        expect(eventsAfter).toBe(eventsBefore + 1);
        const last = await db.reviewEvent.findFirstOrThrow({ where: { annotationId: a.id }, orderBy: { createdAt: "desc" } });
        expect([last.fromStatus, last.toStatus, last.actorId]).toEqual([c.from, c.to, actor.id]);
      } else {
        expect(result).toBeInstanceOf(DomainError);
        expect(STATUS_OF[(result as DomainError).code]).toBe(c.status);
        expect(row.status).toBe(c.from);
        expect(row.version).toBe(a.version);
        expect(eventsAfter).toBe(eventsBefore);
      }
    });
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
