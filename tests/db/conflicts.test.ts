// Two people on the same change: the second write carries a stale version and
// is refused with 409, the change as it is now and what happened since, so the
// page can show it and reapply the edits on top.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { createAnnotation } from "@/lib/annotations/create-annotation.server";
import { getChangeViewOrThrow } from "@/lib/annotations/get-annotation.server";
import { updateAnnotation } from "@/lib/annotations/update-annotation.server";
import { contentOf, reapplyEdits } from "@/lib/annotations/change-compare";
import type { ChangeView } from "@/lib/annotations/change-view";
import type { UpdateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { buildAnnotation, createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
  ctx = await createSiteWithScenes(analyst);
});

type Stale = { reason: string; heldVersion: number; current: ChangeView; since: { action: string; actor: { name: string }; comment: string | null }[] };

async function staleOf(p: Promise<unknown>): Promise<{ error: DomainError; details: Stale }> {
  const error = (await p.catch((e: unknown) => e)) as DomainError;
  expect(error).toBeInstanceOf(DomainError);
  expect(error.code).toBe("conflict");
  return { error, details: error.details as Stale };
}

describe("a stale edit", () => {
  it("is refused with the current state and who changed what since; reapplying on top keeps both edits", async () => {
    const a = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { description: "original", confidence: "medium" }) });
    const loaded = contentOf(await getChangeViewOrThrow(a.id));
    // Tab 1 raises the confidence; tab 2, still on the old version, rewrites the description.
    await updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, confidence: "high", comment: "clearer in the later image" } });
    const { error, details } = await staleOf(updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, description: "rewritten" } }));
    expect(error.message).toMatch(/^this change was edited or moved by someone else since you loaded it: Ana Analyst edited it at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(details).toMatchObject({
      reason: "stale-version",
      heldVersion: a.version,
      current: { version: a.version + 1, revision: 2, confidence: "high", description: "original" },
    });
    expect(details.since.map((e) => [e.action, e.actor.name, e.comment])).toEqual([["edit", "Ana Analyst", "clearer in the later image"]]);
    expect(await db.annotationRevision.count({ where: { annotationId: a.id } })).toBe(2);

    const { patch } = reapplyEdits({ base: loaded, mine: { ...loaded, description: "rewritten" }, theirs: contentOf(details.current) });
    const merged = await updateAnnotation({ annotationId: a.id, actor: analyst, input: { ...(patch as UpdateAnnotationInput), version: details.current.version } });
    expect([merged.currentRevision!.number, merged.currentRevision!.confidence, merged.currentRevision!.description]).toEqual([3, "high", "rewritten"]);
  });

  it("an edit of a change that was submitted meanwhile is refused: it is with the editors now", async () => {
    const a = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx) });
    await transitionAnnotation({ annotationId: a.id, actor: analyst, input: { to: "SUBMITTED", version: a.version } });
    const { details } = await staleOf(updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, description: "late" } }));
    expect(details.current.status).toBe("SUBMITTED");
    expect(details.since.map((e) => e.action)).toEqual(["submit"]);
  });
});

describe("a stale move", () => {
  it("tells the second reviewer who moved it first and how, and changes nothing", async () => {
    const a = await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes: ctx });
    await transitionAnnotation({ annotationId: a.id, actor: editor, input: { to: "CHANGES_REQUESTED", version: a.version, comment: "outline the west wall" } });
    const { error, details } = await staleOf(transitionAnnotation({ annotationId: a.id, actor: editor2, input: { to: "APPROVED", version: a.version } }));
    expect(error.message).toMatch(/Eli Editor asked for changes to it at/);
    expect(details.since).toEqual([
      expect.objectContaining({ action: "request_changes", comment: "outline the west wall", actor: expect.objectContaining({ name: "Eli Editor" }) }),
    ]);
    expect(details.current.status).toBe("CHANGES_REQUESTED");
    expect(await db.reviewEvent.count({ where: { annotationId: a.id, action: "approve" } })).toBe(0);
  });
});
