// What the server refuses when a change is written, and what it only warns
// about: the taxonomy and damage grades, tags, and the change geometry rules
// (the same pure module the browser runs while the analyst draws). A refusal
// leaves nothing behind.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { createAnnotation } from "@/lib/annotations/create-annotation.server";
import { updateAnnotation } from "@/lib/annotations/update-annotation.server";
import { CreateAnnotationInput, UpdateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { createChangeType } from "@/lib/settings/create-change-type.server";
import { updateChangeType } from "@/lib/settings/update-change-type.server";
import { updateSettings } from "@/lib/settings/update-settings.server";
import { buildAnnotation, buildSquare, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let admin: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  admin = await createUser("ADMIN");
  ctx = await createSiteWithScenes(analyst);
});

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

async function rowCounts() {
  return { annotations: await db.annotation.count(), revisions: await db.annotationRevision.count(), events: await db.reviewEvent.count() };
}

describe("change types and damage grades", () => {
  it("refuses a type that is not in the taxonomy", async () => {
    const e = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { changeType: "alien_landing" }) }));
    expect([e.code, e.message]).toEqual(["bad_input", '"alien_landing" is not a change type; choose one from the list']);
  });

  it("requires a damage grade where it applies and refuses one where it does not", async () => {
    const missing = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { changeType: "burned_structures" }) }));
    expect(missing.message).toMatch(/"burned structures" needs a damage grade/);
    const misplaced = await refusal(
      createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { changeType: "construction", damageGrade: "destroyed" }) }),
    );
    expect(misplaced.message).toMatch(/does not apply to "construction"/);
    const ok = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { changeType: "burned_structures", damageGrade: "possibly_damaged" }) });
    expect(ok.currentRevision!.damageGrade).toBe("possibly_damaged");
  });

  it("an admin adds a type (used at once) and retires one: no longer chosen, but kept by the changes that have it", async () => {
    const added = await createChangeType({ actor: admin, input: { label: "New checkpoint", description: "Road checkpoints", damageGradeApplies: false } });
    expect(added.key).toBe("new_checkpoint");
    const withNew = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { changeType: "new_checkpoint" }) });
    await updateChangeType({ actor: admin, key: "new_checkpoint", input: { active: false, label: "Checkpoint (retired)" } });
    const retired = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { changeType: "new_checkpoint" }) }));
    expect(retired.message).toMatch(/is retired/);
    // The change that has it can still be edited without choosing another type.
    const edited = await updateAnnotation({ annotationId: withNew.id, actor: analyst, input: { version: withNew.version, description: "kept its retired type" } });
    expect(edited.currentRevision!.changeType).toBe("new_checkpoint");
    await updateChangeType({ actor: admin, key: "new_checkpoint", input: { active: true } });
  });

  it("only admins change the taxonomy and the settings", async () => {
    const editor = await createUser("EDITOR");
    expect((await refusal(createChangeType({ actor: editor, input: { label: "Nope" } }))).code).toBe("forbidden");
    expect((await refusal(updateChangeType({ actor: analyst, key: "construction", input: { label: "x y" } }))).code).toBe("forbidden");
    expect((await refusal(updateSettings({ actor: editor, input: { footprintBufferM: 5 } }))).code).toBe("forbidden");
    expect((await refusal(createChangeType({ actor: admin, input: { label: "construction" } }))).code).toBe("conflict");
  });
});

describe("sources", () => {
  it("keep their access date and archive link through the route's parse and the library's", async () => {
    const input = CreateAnnotationInput.parse(
      buildAnnotation(ctx, {
        sources: [{ url: "https://example.org/r", title: "Report", archiveUrl: "https://web.archive.org/web/2024/https://example.org/r", accessedAt: "2024-03-01" }],
      }),
    );
    const a = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input });
    expect(a.currentRevision!.sources.map((s) => [s.archiveUrl, s.accessedAt?.toISOString()])).toEqual([
      ["https://web.archive.org/web/2024/https://example.org/r", "2024-03-01T00:00:00.000Z"],
    ]);
    const edited = await updateAnnotation({
      annotationId: a.id,
      actor: analyst,
      input: UpdateAnnotationInput.parse({ version: a.version, sources: [{ url: "https://example.org/r", title: "Report", accessedAt: "2024-04-02" }] }),
    });
    expect(edited.currentRevision!.sources[0]!.accessedAt!.toISOString()).toBe("2024-04-02T00:00:00.000Z");
  });
});

describe("an edit that changes nothing", () => {
  it("is refused and writes no revision or event (a published change stays published)", async () => {
    const a = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { description: "as it is" }) });
    const before = await rowCounts();
    const e = await refusal(updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, description: "as it is", comment: "just checking" } }));
    expect([e.code, e.message]).toEqual(["bad_input", "this edit changes nothing; to discuss the change, add a comment instead"]);
    expect(await rowCounts()).toEqual(before);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: a.id } })).version).toBe(a.version);
  });
});

describe("tags", () => {
  it("are stored lowercase and without duplicates, and an edit records them in the diff", async () => {
    const a = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { tags: ["Perimeter", "perimeter", "night imagery"] }) });
    expect(JSON.parse(a.currentRevision!.tags)).toEqual(["perimeter", "night imagery"]);
    await updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, tags: ["perimeter"] } });
    const edit = await db.reviewEvent.findFirstOrThrow({ where: { annotationId: a.id, action: "edit" } });
    expect(JSON.parse(edit.diff!).tags).toEqual({ from: '["perimeter","night imagery"]', to: '["perimeter"]' });
  });

  it("refuses tags that are not words", async () => {
    await expect(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { tags: ["<script>"] }) })).rejects.toThrow(/a tag is letters/);
  });
});

describe("the change geometry rules on the server", () => {
  const [lon, lat] = [-34.87, -8.01];

  it("refuses an outline beyond the footprint and its margin with 422 and where it is, and stores nothing", async () => {
    const before = await rowCounts();
    // The site footprint ends at lon -34.84; this square starts 330 m east of it.
    const e = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: buildSquare(-34.837, lat) }) }));
    expect(e.code).toBe("unprocessable");
    expect(e.message).toMatch(/^change geometry: [\d.,]+ ha of this change lies outside the site footprint and its 100 m margin$/);
    const details = e.details as { problems: { code: string; at: [number, number][] }[] };
    expect(details.problems[0]!.code).toBe("outside-footprint");
    expect(details.problems[0]!.at[0]![0]).toBeCloseTo(-34.836, 3);
    expect(await rowCounts()).toEqual(before);
  });

  it("the margin is the admin's setting", async () => {
    const nearEdge = buildSquare(-34.8395, lat, 0.001); // 55 m to 165 m beyond the east edge
    await expect(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: nearEdge }) })).rejects.toMatchObject({ code: "unprocessable" });
    await updateSettings({ actor: admin, input: { footprintBufferM: 500 } });
    const accepted = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: nearEdge }) });
    expect(accepted.status).toBe("DRAFT");
    await updateSettings({ actor: admin, input: { footprintBufferM: 100 } });
  });

  it("refuses a ring smaller than one pixel of the after scene (28.5 m Landsat: 812 m²)", async () => {
    const e = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: buildSquare(lon, lat, 0.0002) }) }));
    expect(e.message).toMatch(/outline covers 49\d m²; the smallest allowed is 81\d m² \(one pixel of the after scene\)/);
  });

  it("refuses a self-intersection and points at the crossing", async () => {
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [lon, lat],
          [lon + 0.002, lat + 0.002],
          [lon + 0.002, lat],
          [lon, lat + 0.002],
          [lon, lat],
        ],
      ],
    };
    const e = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: bowtie }) }));
    const [crossing] = (e.details as { problems: { at: [number, number][] }[] }).problems[0]!.at;
    expect(crossing![0]).toBeCloseTo(lon + 0.001, 6);
    expect(crossing![1]).toBeCloseTo(lat + 0.001, 6);
  });

  it("saves an outline that overlaps another live change of the same window, with a warning naming it", async () => {
    const first = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: buildSquare(-34.85, -8.0), changeType: "earthworks" }) });
    expect(first.warnings).toEqual([]);
    const second = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: buildSquare(-34.849, -7.999) }) });
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toMatchObject({ code: "overlaps-change", otherId: first.id });
    expect(second.warnings[0]!.message).toContain(`overlaps the draft change “earthworks” #${first.id.slice(-6)} by Ana Analyst`);
    // A different window is a different observation: no warning.
    expect(second.currentRevision!.beforeSceneId).toBe(ctx.before.id);
  });

  it("an edit that does not touch the outline or the window does not re-judge it; one that does, is", async () => {
    await updateSettings({ actor: admin, input: { footprintBufferM: 500 } });
    const inMargin = buildSquare(-34.8395, -7.99, 0.001);
    const a = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: inMargin }) });
    // The margin shrinks: the outline would no longer be accepted as new, but a change of wording stays possible.
    await updateSettings({ actor: admin, input: { footprintBufferM: 0 } });
    const edited = await updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: a.version, description: "only the words" } });
    expect(edited.currentRevision!.number).toBe(2);
    const moved = await refusal(updateAnnotation({ annotationId: a.id, actor: analyst, input: { version: edited.version, geometry: buildSquare(-34.8394, -7.99, 0.001) } }));
    expect(moved.message).toMatch(/lies outside the site footprint$/);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: a.id } })).version).toBe(edited.version);
    await updateSettings({ actor: admin, input: { footprintBufferM: 100 } });
  });
});
