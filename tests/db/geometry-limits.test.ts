// Bounded geometry work per request: an outline over the limits is answered 422
// before any check that grows with it (a 20,000-corner change took 43 s to save
// and held every other request), a 10,000-corner one is checked and stored, and
// site footprints follow the change rules (overlapping parts, the antimeridian).
import { beforeAll, describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/create-annotation.server";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { HTTP_STATUS, type DomainError } from "@/lib/errors";
import { createSite } from "@/lib/sites/create-site.server";
import { updateSite } from "@/lib/sites/update-site.server";
import { buildAnnotation, buildSite, buildSquare, createSiteWithScenes, createUser } from "../factories";
import { buildRoundOutline, readGeometryFixture } from "../support/outlines";

let analyst: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
beforeAll(async () => {
  analyst = await createUser("ANALYST");
  ctx = await createSiteWithScenes(analyst);
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "refused").not.toBeNull();
  return error as DomainError;
}

const square = buildSquare(-34.86, -8.01, 0.01).coordinates;

describe("changes", () => {
  it("a 20,000-corner change is refused with 422, saying how many corners are allowed, and nothing is stored", async () => {
    const before = await db.annotation.count();
    const error = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: buildRoundOutline({ corners: 20_000 }) }) }));
    expect(error.code).toBe("unprocessable");
    expect(HTTP_STATUS[error.code]).toBe(422);
    expect(error.message).toBe("change geometry: this outline has 20,000 corners; at most 10,000 are allowed — simplify it");
    expect(await db.annotation.count()).toBe(before);
  });

  it("a change of 501 parts is refused with 422", async () => {
    const parts = Array.from({ length: 501 }, (_, i) => buildSquare(-34.879 + (i % 25) * 0.0015, -8.019 + Math.floor(i / 25) * 0.0015, 0.001).coordinates);
    const error = await refusal(createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: { type: "MultiPolygon", coordinates: parts } }) }));
    expect(HTTP_STATUS[error.code]).toBe(422);
    expect(error.message).toMatch(/this outline has 501 parts; at most 500 are allowed/);
  });

  it("a 10,000-corner change is checked and stored; the same with one crossing is refused where it crosses", async () => {
    const saved = await createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: buildRoundOutline({ corners: 10_000 }) }) });
    expect(JSON.parse(saved.currentRevision!.geometry).coordinates[0]).toHaveLength(10_001);
    const error = await refusal(
      createAnnotation({ siteId: ctx.site.id, actor: analyst, input: buildAnnotation(ctx, { geometry: buildRoundOutline({ corners: 10_000, lon: -34.861, crossing: true }) }) }),
    );
    expect(HTTP_STATUS[error.code]).toBe(422);
    expect(error.message).toMatch(/^change geometry: edges cross each other near \[-34\.876\d*, -8\.000\d*\]$/);
  });
});

describe("site footprints follow the same rules", () => {
  it("a 20,000-corner footprint is refused with 422 on creation and on edit, and nothing changes", async () => {
    const sites = await db.site.count();
    const huge = buildRoundOutline({ corners: 20_000 });
    const created = await refusal(createSite({ actor: analyst, input: buildSite({ footprint: huge }) }));
    expect(HTTP_STATUS[created.code]).toBe(422);
    expect(created.message).toBe("site footprint: this outline has 20,000 corners; at most 10,000 are allowed — simplify it");
    expect(await db.site.count()).toBe(sites);
    const site = await createSite({ actor: analyst, input: buildSite() });
    const edited = await refusal(updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, footprint: huge } }));
    expect(HTTP_STATUS[edited.code]).toBe(422);
    expect(await db.site.findUniqueOrThrow({ where: { id: site.id } })).toMatchObject({ version: site.version, footprint: site.footprint });
  });

  it("a footprint of two identical parts is refused (its area would be counted twice)", async () => {
    const error = await refusal(createSite({ actor: analyst, input: buildSite({ footprint: { type: "MultiPolygon", coordinates: [square, square] } }) }));
    expect(HTTP_STATUS[error.code]).toBe(422);
    expect(error.message).toBe("site footprint: parts 1 and 2 overlap: merge them into one outline or move them apart");
    const site = await createSite({ actor: analyst, input: buildSite() });
    const edited = await refusal(
      updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, footprint: { type: "MultiPolygon", coordinates: [square, square] } } }),
    );
    expect(HTTP_STATUS[edited.code]).toBe(422);
  });

  it("a footprint across the antimeridian as a 359.8°-wide band is refused; cut in two at 180° it is stored", async () => {
    const band = readGeometryFixture("antimeridian-band.invalid-crosses-antimeridian");
    const error = await refusal(createSite({ actor: analyst, input: buildSite({ footprint: band }) }));
    expect(HTTP_STATUS[error.code]).toBe(422);
    expect(error.message).toMatch(/^site footprint: it spans 359\.8° of longitude, more than half the globe: it most likely crosses the antimeridian/);
    const split = readGeometryFixture("antimeridian-split-in-two.valid");
    const site = await createSite({ actor: analyst, input: buildSite({ footprint: split }) });
    expect(site.areaM2).toBeLessThan(3e8);
  });

  it("a 10,000-corner footprint is stored", async () => {
    const site = await createSite({ actor: analyst, input: buildSite({ footprint: buildRoundOutline({ corners: 10_000 }) }) });
    expect(JSON.parse(site.footprint).coordinates[0]).toHaveLength(10_001);
  });
});
