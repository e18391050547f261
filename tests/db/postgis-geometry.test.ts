// On PostgreSQL the PostGIS columns (a site's footprint, a published change's
// outline) are set from the GeoJSON by triggers, on every insert and update,
// whoever writes: they cannot drift from what the pages and documents show.
// PostgreSQL only (project db-postgres): SQLite has no such columns.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

const SQUARE = JSON.stringify({
  type: "Polygon",
  coordinates: [
    [
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 1],
    ],
  ],
});
let siteId = "";

beforeAll(async () => {
  const analyst = await createUser("ANALYST");
  const editor = await createUser("EDITOR");
  const editor2 = await createUser("EDITOR");
  const ctx = await createSiteWithScenes(analyst);
  siteId = ctx.site.id;
  await createAnnotationIn("APPROVED", { siteId, author: analyst, reviewer: editor, scenes: { before: ctx.before, after: ctx.after } });
  await publishRelease({ siteId, actor: editor2, input: { note: "first" } });
});

describe("PostGIS geometry columns", () => {
  it("hold a published change's outline, and follow its GeoJSON when it is rewritten", async () => {
    const [row] = await db.$queryRaw<{ changeId: string; same: boolean; srid: number }[]>`
      SELECT "changeId", postgis.ST_Equals("geom", postgis.ST_GeomFromGeoJSON(("feature"::json -> 'geometry')::text)) AS same, postgis.ST_SRID("geom") AS srid
      FROM "PublishedChange" WHERE "siteId" = ${siteId}`;
    expect(row).toMatchObject({ same: true, srid: 4326 });
    await db.$executeRaw`UPDATE "PublishedChange" SET "feature" = jsonb_set("feature"::jsonb, '{geometry}', ${SQUARE}::jsonb)::text, "geom" = NULL WHERE "changeId" = ${row!.changeId}`;
    const [after] = await db.$queryRaw<{ wkt: string }[]>`SELECT postgis.ST_AsText("geom") AS wkt FROM "PublishedChange" WHERE "changeId" = ${row!.changeId}`;
    expect(after!.wkt).toBe("POLYGON((1 1,2 1,2 2,1 1))");
  });

  it("hold a site's footprint, and follow it when the site is edited", async () => {
    const [before] = await db.$queryRaw<{ same: boolean; srid: number }[]>`
      SELECT postgis.ST_Equals("footprintGeom", postgis.ST_GeomFromGeoJSON("footprint")) AS same, postgis.ST_SRID("footprintGeom") AS srid FROM "Site" WHERE "id" = ${siteId}`;
    expect(before).toEqual({ same: true, srid: 4326 });
    await db.site.update({ where: { id: siteId }, data: { footprint: SQUARE } });
    const [after] = await db.$queryRaw<{ wkt: string }[]>`SELECT postgis.ST_AsText("footprintGeom") AS wkt FROM "Site" WHERE "id" = ${siteId}`;
    expect(after!.wkt).toBe("POLYGON((1 1,2 1,2 2,1 1))");
  });
});
