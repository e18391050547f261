// OGC API – Features gives the same answers on SQLite and on PostgreSQL with
// PostGIS: the same made-up published changes (tests/support/ogc-fixture.ts,
// with antimeridian, exact-geometry, touching, empty, paging and datetime
// cases) are written into this file's database and, by a child process, into a
// database of the other kind; every OGC document must be byte-identical on the
// two, and identical to filtering the latest releases in memory (public-ogc.ts),
// the reference the index's answers are held to. It opens both databases
// itself, so it runs once, in the db project (the PostGIS triggers are tested in
// postgis-geometry.test.ts, on PostgreSQL).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { changesExtent, collectionDoc, collectionsDoc, indexChanges, itemDoc, itemsPage, ItemsQuery } from "@/lib/publish/public-ogc";
import { latestSnapshots } from "@/lib/publish/public-read.server";
import { syncPublishedChanges } from "@/lib/publish/published-change-sync.server";
import { ogcItem } from "@/lib/publish/public-ogc.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { createAnnotationIn, createSiteSharingScenes, createSiteWithScenes, createUser } from "../factories";
import { ogcDocuments } from "../support/ogc-documents";
import { ogcFixture, ogcQueries, ORIGIN, seedOgcFixture, SPECIAL_GEOMETRIES } from "../support/ogc-fixture";
import { ROOT } from "../setup/paths";
import { CREATE_DB_OPTIONS, onPgServer, pgDatabaseUrl } from "../setup/postgres";

const FIXTURE = { seed: 16, sites: 40, changesPerSite: 15 };
const QUERIES = ogcQueries(FIXTURE.seed);
const fixture = ogcFixture(FIXTURE);
const latestIds = fixture.flatMap((s) => s.releases.at(-1)!.changes.map((c) => c.id));
const olderId = fixture[0]!.releases[0]!.changes[0]!.id;
const FEATURE_IDS = [...latestIds.filter((_, i) => i % 37 === 0), latestIds.at(-1)!, olderId, "no-such-change"];

const here = config.databaseProvider;
const other = here === "sqlite" ? "postgresql" : "sqlite";
const otherDir = path.join(config.dataDir, `other-${randomUUID().slice(0, 8)}`);
const otherPg = `sw_test_f_${Date.now()}_ogc_${randomUUID().slice(0, 8)}`;
let own: Record<string, string>;
let theirs: Record<string, string>;

/** A migrated, empty database of the other kind. */
async function otherDatabase(): Promise<string> {
  fs.mkdirSync(otherDir, { recursive: true });
  let url = `file:${path.join(otherDir, "other.db")}`;
  if (other === "postgresql") {
    await onPgServer([`CREATE DATABASE "${otherPg}" ${CREATE_DB_OPTIONS} TEMPLATE template0`]);
    url = pgDatabaseUrl(otherPg);
  }
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`migrating the ${other} database failed:\n${r.stdout}\n${r.stderr}`);
  return url;
}

beforeAll(async () => {
  await seedOgcFixture(fixture);
  own = await ogcDocuments({ queries: QUERIES, featureIds: FEATURE_IDS });
  const url = await otherDatabase();
  const child = spawnSync(process.execPath, [path.join(ROOT, "tests", "support", "ogc-documents-process.mjs")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, SITEWATCH_DATA_DIR: otherDir, OGC_FIXTURE: JSON.stringify({ ...FIXTURE, queries: QUERIES, featureIds: FEATURE_IDS }) },
    encoding: "utf8",
    maxBuffer: 256 * 1024 ** 2,
  });
  if (child.status !== 0) throw new Error(`the ${other} child failed:\n${child.stderr}`);
  theirs = JSON.parse(child.stdout) as Record<string, string>;
}, 300_000);

afterAll(async () => {
  fs.rmSync(otherDir, { recursive: true, force: true });
  if (other === "postgresql") await onPgServer([`DROP DATABASE IF EXISTS "${otherPg}" WITH (FORCE)`]);
});

const items = (q: string) =>
  JSON.parse(own[`/ogc/collections/changes/items?${q}`]!) as { features: { id: string }[]; numberMatched: number; numberReturned: number; links: { rel: string; href: string }[] };

describe(`OGC API – Features on ${here} and on ${other}`, () => {
  it("gives byte-identical JSON for every query, item and collection document", () => {
    expect(Object.keys(theirs)).toEqual(Object.keys(own));
    for (const [at, body] of Object.entries(own)) expect(theirs[at], `${at} on ${other}`).toBe(body);
  });

  it("gives what filtering the latest releases in memory gives", async () => {
    const all = indexChanges({ snapshots: await latestSnapshots(), origin: ORIGIN });
    const extent = changesExtent(all);
    expect(own["/ogc/collections"]).toBe(JSON.stringify(collectionsDoc({ origin: ORIGIN, extent })));
    expect(own["/ogc/collections/changes"]).toBe(JSON.stringify(collectionDoc({ origin: ORIGIN, extent })));
    for (const q of QUERIES) {
      const rawQuery = new URLSearchParams(q);
      const expected = { ...itemsPage({ origin: ORIGIN, all, query: ItemsQuery.parse(Object.fromEntries(rawQuery)), rawQuery }), timeStamp: "fixed" };
      expect(own[`/ogc/collections/changes/items?${q}`], q).toBe(JSON.stringify(expected));
    }
    for (const id of FEATURE_IDS) {
      const item = all.find((i) => i.feature.id === id);
      const at = `/ogc/collections/changes/items/${id}`;
      if (item) expect(own[at]).toBe(JSON.stringify(itemDoc({ origin: ORIGIN, feature: item.feature })));
      else expect(own[at]).toMatch(/^not_found: no published change/);
    }
  });

  it("covers the cases it claims: latest releases only, antimeridian, exact geometry, holes, touching edges, paging, datetime", () => {
    const special = fixture[0]!.releases
      .at(-1)!
      .changes.slice(-SPECIAL_GEOMETRIES.length)
      .map((c) => c.id);
    const [sliver, holed, across, west30, east30, northPole, southPole] = special;
    const ids = (q: string) => items(q).features.map((f) => f.id);
    expect(items("limit=1000").numberMatched).toBe(latestIds.length);
    expect(ids("limit=1000")).not.toContain(olderId);
    expect(own[`/ogc/collections/changes/items/${olderId}`]).toMatch(/^not_found/);
    // Both halves of the change split at ±180, from either side and across.
    expect(ids("bbox=179,-20,-179,-10&limit=50")).toContain(across);
    expect(ids("bbox=179.9,-16.9,-179.9,-16.6")).toContain(across);
    expect(ids("bbox=170,-90,-170,90&limit=1000")).toEqual(expect.arrayContaining([across, northPole, southPole]));
    // Inside the sliver's bbox, off the sliver; on it.
    expect(ids("bbox=10.8,10.1,10.9,10.2")).not.toContain(sliver);
    expect(ids("bbox=10.45,10.45,10.55,10.55")).toContain(sliver);
    // In the hole, then reaching the ring.
    expect(ids("bbox=20.3,20.3,20.7,20.7")).not.toContain(holed);
    expect(ids("bbox=20.3,20.3,20.9,20.7")).toContain(holed);
    // Edges and corners that only touch count as intersecting.
    expect(ids("bbox=30,0.1,30.2,0.2")).toEqual(expect.arrayContaining([west30, east30]));
    expect(ids("bbox=30.5,0,31,0.5")).toContain(east30);
    expect(ids("bbox=30.5,0,31,0.5")).not.toContain(west30);
    expect(ids("bbox=29,-1,29.5,0")).toContain(west30);
    expect(ids("bbox=-180,89.5,-179.5,90")).toContain(northPole);
    // Empty answers, and paging.
    expect(items("datetime=1900-01-01/1901-01-01")).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
    const page = items("bbox=-180,-90,180,90&limit=7&offset=14");
    expect(page).toMatchObject({ numberMatched: latestIds.length, numberReturned: 7 });
    expect(page.links.map((l) => l.rel)).toEqual(["self", "collection", "next", "prev"]);
    expect(page.features.map((f) => f.id)).toEqual(ids("limit=1000").slice(14, 21));
    expect(items("limit=5&offset=100000")).toMatchObject({ numberMatched: latestIds.length, numberReturned: 0 });
    // Many changes share one detection date: the id orders them, by code point (upper case first).
    const byDate = new Map(fixture.flatMap((s) => s.releases.at(-1)!.changes.map((c) => [c.id, c.detectedBy])));
    const sameDay = ids("limit=1000").filter((id) => byDate.get(id) === "2020-06-01T00:00:00.000Z");
    expect(sameDay.length).toBeGreaterThan(20);
    expect(sameDay).toEqual([...sameDay].sort((a, b) => (a < b ? -1 : 1)));
    expect(sameDay.some((id) => id.startsWith("C")) && sameDay.some((id) => id.startsWith("c"))).toBe(true);
    // The random boxes find something more often than not.
    expect(QUERIES.filter((q) => q.startsWith("bbox=") && items(q).numberMatched > 0).length).toBeGreaterThan(15);
  });

  it("brings the index up to date from the releases: a site's new release replaces its rows, and nothing else is rewritten", async () => {
    expect(await syncPublishedChanges()).toBe(0);
    const site = await db.site.findUniqueOrThrow({ where: { slug: fixture[1]!.slug } });
    const before = await db.publishedChange.count({ where: { siteId: site.id } });
    // Releases are append-only and publishRelease writes its rows itself: here the index is simply behind, as after an upgrade.
    await db.publishedChangeSite.update({ where: { siteId: site.id }, data: { releaseNumber: 0 } });
    await db.publishedChange.deleteMany({ where: { siteId: site.id } });
    expect(await syncPublishedChanges()).toBe(1);
    expect(await db.publishedChange.count({ where: { siteId: site.id } })).toBe(before);
    expect(await syncPublishedChanges()).toBe(0);
  });

  it("publishing writes the site's rows in the release's own transaction, replacing those of its previous release", async () => {
    const analyst = await createUser("ANALYST");
    const editor = await createUser("EDITOR");
    const editor2 = await createUser("EDITOR");
    const ctx = await createSiteWithScenes(analyst);
    const scenes = { before: ctx.before, after: ctx.after };
    const first = await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes });
    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "First" } });
    const rows = async () =>
      (await db.publishedChange.findMany({ where: { siteId: ctx.site.id }, select: { changeId: true, releaseNumber: true } }))
        .map((r) => `${r.changeId}@${r.releaseNumber}`)
        .sort();
    expect(await rows()).toEqual([`${first.id}@1`]);
    expect(await db.publishedChangeSite.findUnique({ where: { siteId: ctx.site.id } })).toMatchObject({ releaseNumber: 1 });
    const second = await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes });
    await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Second" } });
    expect(await rows()).toEqual([`${first.id}@2`, `${second.id}@2`].sort());
    // Nothing was left for the sync to do, and what is served is what the release holds.
    expect(await syncPublishedChanges()).toBe(0);
    const item = indexChanges({ snapshots: await latestSnapshots(), origin: ORIGIN }).find((i) => i.feature.id === second.id)!;
    expect(JSON.stringify(await ogcItem({ origin: ORIGIN, featureId: second.id }))).toBe(JSON.stringify(itemDoc({ origin: ORIGIN, feature: item.feature })));
    // A second site on the same scenes: its release leaves the first site's rows alone.
    const other = await createSiteSharingScenes(analyst, scenes);
    await createAnnotationIn("APPROVED", { siteId: other.site.id, author: analyst, reviewer: editor, scenes });
    await publishRelease({ siteId: other.site.id, actor: editor2, input: { note: "Other" } });
    expect(await rows()).toEqual([`${first.id}@2`, `${second.id}@2`].sort());
  });
});
