import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { createSite, updateSite } from "@/lib/sites/sites.server";
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

  it("refuses a duplicate slug and a stale edit", async () => {
    const site = await createSite({ actor: analyst, input: buildSite({ slug: "unique-slug" }) });
    await expect(createSite({ actor: analyst, input: buildSite({ slug: "unique-slug" }) })).rejects.toMatchObject({ code: "conflict" });
    await updateSite({ siteId: site.id, input: { version: site.version, name: "First edit" } });
    await expect(updateSite({ siteId: site.id, input: { version: site.version, name: "Stale edit" } })).rejects.toMatchObject({ code: "conflict" });
    expect((await db.site.findUniqueOrThrow({ where: { id: site.id } })).name).toBe("First edit");
  });
});
