// Editing a change: each edit is a new revision, partial edits keep what they
// do not name, only the author edits, and the history records what changed.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { createAnnotation } from "@/lib/annotations/create-annotation.server";
import { updateAnnotation } from "@/lib/annotations/update-annotation.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { buildAnnotation, createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
beforeAll(async () => {
  analyst = await createUser("ANALYST");
  ctx = await createSiteWithScenes(analyst);
});

describe("editing a change", () => {
  it("writes revision 2, keeps the fields and sources it does not name, and records the diff", async () => {
    const a = await createAnnotation({
      siteId: ctx.site.id,
      actor: analyst,
      input: buildAnnotation(ctx, {
        sources: [
          { url: "https://example.org/kept", title: "Kept" },
          { url: "https://example.org/secret", title: "Withheld", withheld: true },
        ],
      }),
    });
    const edited = await updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, description: "Sharper description" } });
    const rev = edited.currentRevision!;
    expect(rev.number).toBe(2);
    expect(rev.description).toBe("Sharper description");
    expect(rev.changeType).toBe("construction");
    expect(rev.sources.map((s) => [s.url, s.withheld])).toEqual([
      ["https://example.org/kept", false],
      ["https://example.org/secret", true],
    ]);
    expect(await db.annotationRevision.count({ where: { annotationId: a.id } })).toBe(2);
    const event = await db.reviewEvent.findFirstOrThrow({ where: { annotationId: a.id, action: "edit" } });
    expect(Object.keys(JSON.parse(event.diff!))).toEqual(["description"]);
  });

  it("records removed sources in the diff", async () => {
    const a = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx) });
    await updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, sources: [] } });
    const event = await db.reviewEvent.findFirstOrThrow({ where: { annotationId: a.id, action: "edit" } });
    expect(JSON.parse(event.diff!).sources.to).toEqual([]);
  });

  it("refuses edits by others, edits of submitted changes, stale versions and a reversed detection window", async () => {
    const other = await createUser("EDITOR");
    const draft = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx) });
    await expect(updateAnnotation({ annotationId: draft.id, actor: other, input: { version: draft.version, description: "x" } })).rejects.toMatchObject({ code: "forbidden" });
    await updateAnnotation({ annotationId: draft.id, actor: analyst, input: { version: draft.version, description: "first" } });
    await expect(updateAnnotation({ annotationId: draft.id, actor: analyst, input: { version: draft.version, description: "stale" } })).rejects.toMatchObject({ code: "conflict" });
    const reversed = await updateAnnotation({
      annotationId: draft.id,
      actor: analyst,
      input: { version: draft.version + 1, beforeSceneId: ctx.after.id, afterSceneId: ctx.before.id },
    }).catch((e: unknown) => e);
    expect((reversed as DomainError).message).toMatch(/strictly earlier/);
    const submitted = await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes: ctx });
    await expect(updateAnnotation({ annotationId: submitted.id, actor: analyst, input: { version: submitted.version, description: "x" } })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("refuses a change whose scenes are not this site's, or whose geometry is invalid, and stores nothing", async () => {
    const otherSite = await createSiteWithScenes(analyst);
    const before = await db.annotation.count();
    await expect(
      createAnnotation({ siteId: otherSite.site.id, actor: analyst, input: buildAnnotation({ before: ctx.before, after: { id: "not-a-scene" } }) }),
    ).rejects.toMatchObject({ code: "bad_input" });
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [-34.86, -8.01],
          [-34.85, -8.0],
          [-34.85, -8.01],
          [-34.86, -8.0],
          [-34.86, -8.01],
        ],
      ],
    };
    const invalid = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: bowtie }) }).catch((e: unknown) => e);
    expect((invalid as DomainError).code).toBe("unprocessable");
    expect((invalid as DomainError).message).toMatch(/^change geometry: edges cross/);
    expect(await db.annotation.count()).toBe(before);
  });
});
