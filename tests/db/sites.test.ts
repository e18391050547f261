import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { createSite } from "@/lib/sites/create-site.server";
import { updateSite } from "@/lib/sites/update-site.server";
import { buildSite, createUser } from "../factories";
import { FIXTURES } from "../setup/paths";

let analyst: SessionUser;
beforeAll(async () => {
  analyst = await createUser("ANALYST");
});

describe("site footprints", () => {
  const dir = path.join(FIXTURES, "geometry");
  for (const file of fs.readdirSync(dir).filter((f) => f.includes(".invalid-"))) {
    it(`${file}: 422 with the reason, no row`, async () => {
      const before = await db.site.count();
      const error = await createSite({ actor: analyst, input: buildSite({ footprint: JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) }) }).catch((e: unknown) => e);
      expect((error as DomainError).code).toBe("unprocessable");
      expect((error as DomainError).message).toMatch(/^site footprint: /);
      expect(await db.site.count()).toBe(before);
    });
  }

  it("stores a clockwise footprint rewound counter-clockwise, with bbox and area", async () => {
    const cw = JSON.parse(fs.readFileSync(path.join(dir, "square-clockwise-is-rewound.valid.json"), "utf8"));
    const site = await createSite({ actor: analyst, input: buildSite({ footprint: cw }) });
    const stored = JSON.parse(site.footprint);
    expect(stored.coordinates[0]).toEqual([...cw.coordinates[0]].reverse());
    expect([site.bboxMinLon, site.bboxMinLat, site.bboxMaxLon, site.bboxMaxLat]).toEqual([-34.86, -8.01, -34.85, -8.0]);
    expect(site.areaM2).toBeGreaterThan(1e6);
  });

  it("a partial edit changes only the fields it names", async () => {
    const site = await createSite({ actor: analyst, input: buildSite({ region: "Pernambuco", publicSummary: "Summary", methodologyNote: "Method", description: "Internal" }) });
    const edited = await updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, name: "New name" } });
    expect(edited).toMatchObject({
      name: "New name",
      region: "Pernambuco",
      publicSummary: "Summary",
      methodologyNote: "Method",
      description: "Internal",
      version: site.version + 1,
    });
  });

  it("freezes the slug once the site has a release, because published pages are cited by URL", async () => {
    const editor = await createUser("EDITOR");
    const site = await createSite({ actor: analyst, input: buildSite({ slug: "cited-site" }) });
    const moved = await updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, slug: "cited-site-2" } });
    expect(moved.slug).toBe("cited-site-2");
    await publishRelease({ siteId: site.id, actor: editor, input: { note: "first" } });
    await expect(updateSite({ siteId: site.id, actor: analyst, input: { version: moved.version, slug: "cited-site-3" } })).rejects.toMatchObject({ code: "conflict" });
    expect((await db.site.findUniqueOrThrow({ where: { id: site.id } })).slug).toBe("cited-site-2");
  });

  it("refuses a duplicate slug and a stale edit", async () => {
    const site = await createSite({ actor: analyst, input: buildSite({ slug: "unique-slug" }) });
    await expect(createSite({ actor: analyst, input: buildSite({ slug: "unique-slug" }) })).rejects.toMatchObject({ code: "conflict" });
    await updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, name: "First edit" } });
    await expect(updateSite({ siteId: site.id, actor: analyst, input: { version: site.version, name: "Stale edit" } })).rejects.toMatchObject({ code: "conflict" });
    expect((await db.site.findUniqueOrThrow({ where: { id: site.id } })).name).toBe("First edit");
  });
});
