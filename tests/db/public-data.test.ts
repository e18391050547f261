// What the public can take away, on a real database and real imagery: tiles
// (only published scenes, only up to the licence's zoom, the frozen rendering,
// cached with an ETag), the GeoJSON and CSV downloads per release, STAC
// documents valid against the official schemas, OGC API – Features queries,
// tips (limits, honeypot, editors only) and the scene settings editors set.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import sharp from "sharp";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { changesCsv, changesFeatureCollection, CSV_COLUMNS } from "@/lib/publish/public-exports";
import { filterChanges, indexChanges, itemsPage, ItemsQuery } from "@/lib/publish/public-ogc";
import { getPublicSite, latestSnapshots } from "@/lib/publish/public-read.server";
import { stacCatalog, stacItem } from "@/lib/publish/public-stac";
import { getPublicTile } from "@/lib/publish/public-tiles.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { updateScenePublicSettings } from "@/lib/scenes/scene-public-settings.server";
import { listTips } from "@/lib/tips/list-tips.server";
import { submitTip } from "@/lib/tips/submit-tip.server";
import { TIP_LIMITS } from "@/lib/tips/tip-rules";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { buildSquare, createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
const ORIGIN = "https://sitewatch.example.org";
let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
let publishedId: string;

/** The tile of zoom z over the Olinda subset's middle. */
function tileAt(z: number, lon = -34.87, lat = -8.01): { z: string; x: string; yFile: string } {
  const [x, y] = tilesCovering([lon, lat, lon, lat], z)[0]!;
  return { z: String(z), x: String(x), yFile: `${y}.webp` };
}
const tile = (sceneId: string, z: number, extra: { renderKey?: string | null; ifNoneMatch?: string | null } = {}) =>
  getPublicTile({ sceneId, ...tileAt(z), renderKey: extra.renderKey ?? null, ifNoneMatch: extra.ifNoneMatch ?? null });

beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
  ctx = await createSiteWithScenes(analyst);
  // The licence allows display up to zoom 14 for the first scene only.
  await db.scene.update({ where: { id: ctx.before.id }, data: { publicDisplay: true, publicMaxZoom: 14, cloudCoverPct: 3, gsdM: 30 } });
  const scenes = { before: ctx.before, after: ctx.after };
  const a = await createAnnotationIn("APPROVED", {
    siteId: ctx.site.id,
    author: analyst,
    reviewer: editor,
    scenes,
    input: {
      description: '=HYPERLINK("http://evil.example") "quoted", and a comma',
      geometry: { type: "MultiPolygon", coordinates: [buildSquare(-34.87, -8.01).coordinates, buildSquare(-34.86, -8.0).coordinates] },
      sources: [
        { url: "https://example.org/public-report", title: "Public report", archiveUrl: "https://web.archive.org/web/2024/https://example.org/public-report" },
        { url: "https://example.org/withheld-witness", title: "Withheld witness", withheld: true },
      ],
    },
  });
  publishedId = a.id;
  await createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes, input: { description: "UNPUBLISHED-SUBMITTED-TEXT" } });
  await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "First" } });
});

describe("public tiles", () => {
  it("renders a published scene's tile as WebP with an ETag, then serves it from the disk cache, and answers 304 to the same ETag", async () => {
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug });
    const render = snapshot.scenes.find((s) => s.id === ctx.before.id)!.render!;
    const first = await tile(ctx.before.id, 13, { renderKey: render.key });
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("image/webp");
    expect(first.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(first.body as Buffer).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 256, 256]);
    const cacheDir = path.join(process.env.SITEWATCH_DATA_DIR!, "tile-cache");
    const cached = fs
      .readdirSync(cacheDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".webp"));
    expect(cached.some((f) => f.includes(render.key) && f.endsWith(`${tileAt(13).yFile}`))).toBe(true);
    const again = await tile(ctx.before.id, 13, { renderKey: render.key });
    expect(Buffer.compare(again.body as Buffer, first.body as Buffer)).toBe(0);
    const notModified = await tile(ctx.before.id, 13, { renderKey: render.key, ifNoneMatch: first.headers.etag! });
    expect(notModified.status).toBe(304);
    // Without ?r= the URL means "the current rendering": cached, but revalidated.
    expect((await tile(ctx.before.id, 13)).headers["cache-control"]).toMatch(/max-age=300/);
  });

  it("refuses tiles past the licence's zoom, of scenes whose licence forbids display, of unpublished scenes, and of unknown renderings", async () => {
    expect((await tile(ctx.before.id, 14)).status).toBe(200);
    const beyond = await tile(ctx.before.id, 15);
    expect(beyond.status).toBe(404);
    expect(String(beyond.body)).toContain("zoom 14");
    expect((await tile(ctx.after.id, 12)).status).toBe(404); // published, but publicDisplay false
    // A scene uploaded to the site but in no release (another file: the same bytes would be the same scene).
    const unpublished = await ingestStagedScene({
      actor: analyst,
      siteId: ctx.site.id,
      staged: await stageLocalFile(path.resolve(import.meta.dirname, "../fixtures/imagery/olinda_dem_utm25s.tif")),
      metadata: { license: "CC0-1.0", attribution: "test", acquiredAt: "2005-01-01", publicDisplay: true },
    });
    expect((await tile(unpublished.scene.id, 12)).status).toBe(404);
    expect((await tile(ctx.before.id, 12, { renderKey: "000000000000" })).status).toBe(404);
    expect((await getPublicTile({ sceneId: ctx.before.id, z: "12", x: "9999", yFile: "1.webp", renderKey: null, ifNoneMatch: null })).status).toBe(404);
    expect((await getPublicTile({ sceneId: "../../etc", z: "12", x: "1", yFile: "1.webp", renderKey: null, ifNoneMatch: null })).status).toBe(404);
  });

  it("an editor's new rendering reaches the public with the next release, and the older release keeps its own", async () => {
    const old = (await getPublicSite({ slug: ctx.site.slug })).snapshot.scenes.find((s) => s.id === ctx.before.id)!.render!;
    await expect(
      updateScenePublicSettings({
        user: analyst,
        sceneId: ctx.before.id,
        input: {
          publicRender: {
            bands: [4, 3, 2],
            stretch: [
              { min: 0, max: 120 },
              { min: 0, max: 120 },
              { min: 0, max: 120 },
            ],
          },
        },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      updateScenePublicSettings({
        user: editor,
        sceneId: ctx.before.id,
        input: {
          publicRender: {
            bands: [9, 3, 2],
            stretch: [
              { min: 0, max: 1 },
              { min: 0, max: 1 },
              { min: 0, max: 1 },
            ],
          },
        },
      }),
    ).rejects.toThrow(/band 9 does not exist/);
    await updateScenePublicSettings({
      user: editor,
      sceneId: ctx.before.id,
      input: {
        publicRender: {
          bands: [4, 3, 2],
          stretch: [
            { min: 0, max: 120 },
            { min: 0, max: 120 },
            { min: 0, max: 120 },
          ],
        },
      },
    });
    expect((await tile(ctx.before.id, 12)).headers.etag).toContain(old.key); // not public until released
    const r2 = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "False colour" } });
    const snap = JSON.parse(r2.snapshot);
    expect(snap.changelog.siteFields).toContain("imagery display");
    const fresh = snap.scenes.find((s: { id: string }) => s.id === ctx.before.id).render;
    expect(fresh.key).not.toBe(old.key);
    // Page URLs name the rendering: the new one is served at once.
    const now = await tile(ctx.before.id, 12, { renderKey: fresh.key });
    expect(now.status).toBe(200);
    // A URL without ?r= follows within a second (the index is rechecked at most once a second).
    await new Promise((r) => setTimeout(r, 1100));
    expect((await tile(ctx.before.id, 12)).headers.etag).toContain(fresh.key);
    const then = await tile(ctx.before.id, 12, { renderKey: old.key });
    expect(then.status).toBe(200);
    expect(Buffer.compare(now.body as Buffer, then.body as Buffer)).not.toBe(0);
  });
});

describe("downloads", () => {
  it("GeoJSON: an RFC 7946 FeatureCollection valid against the official schema, with public fields only", async () => {
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug, releaseNumber: 1 });
    const fc = changesFeatureCollection({ snapshot, origin: ORIGIN });
    expect(schemas().validate("https://geojson.org/schema/FeatureCollection.json", fc)).toBe(true);
    expect(fc.features).toHaveLength(1);
    const p = fc.features[0]!.properties;
    expect(p).toMatchObject({ id: publishedId, revision: 1, release: 1, site: ctx.site.slug, reviewers: "Eli Editor", analyst: "Ana Analyst" });
    expect(p.citation).toBe(`${ORIGIN}/sites/${ctx.site.slug}/releases/1#change-${publishedId}`);
    expect(p.sourceArchiveUrls).toContain("web.archive.org");
    const text = JSON.stringify(fc);
    expect(text).not.toContain("withheld-witness");
    expect(text).not.toContain("UNPUBLISHED-SUBMITTED-TEXT");
  });

  it("CSV: one row per change, WKT geometry, quoting, and no spreadsheet formulas", async () => {
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug, releaseNumber: 1 });
    const csv = changesCsv({ snapshot, origin: ORIGIN });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"") ""quoted"", and a comma"`);
    expect(lines[1]).toContain('"MULTIPOLYGON (((-34.87 -8.01, -34.868 -8.01, -34.868 -8.008, -34.87 -8.008, -34.87 -8.01)), ((-34.86 -8, ');
    expect(csv).not.toContain("withheld-witness");
  });

  it("an unknown release is not found, the same as an unknown site", async () => {
    await expect(getPublicSite({ slug: ctx.site.slug, releaseNumber: 99 })).rejects.toBeInstanceOf(DomainError);
    await expect(getPublicSite({ slug: "no-such-site" })).rejects.toMatchObject({ code: "not_found" });
  });
});

let ajv: Ajv | null = null;
/** Every official schema (GeoJSON, STAC 1.0.0, eo, projection, label) in one validator, offline. */
function schemas(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const root = path.resolve(import.meta.dirname, "../fixtures/schemas");
  for (const file of fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".json")))
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(root, file), "utf8")));
  ajv.addSchema({ $id: "https://proj.org/schemas/v0.7/projjson.schema.json" });
  return ajv;
}
function expectValid(id: string, doc: unknown) {
  const validate = schemas().getSchema(id) ?? schemas().getSchema(`${id}#`);
  expect(validate, `schema ${id} is loaded`).toBeDefined();
  const ok = validate!(doc);
  expect(ok ? [] : validate!.errors, `${id}`).toEqual([]);
}

describe("STAC", () => {
  it("the catalog, every scene item and every label item validate against the official STAC 1.0.0 and extension schemas", async () => {
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug, releaseNumber: 1 });
    const sctx = { snapshot, origin: ORIGIN, pinned: true };
    const catalog = stacCatalog(sctx);
    expectValid("https://schemas.stacspec.org/v1.0.0/catalog-spec/json-schema/catalog.json", catalog);
    const itemLinks = (catalog.links as { rel: string; href: string }[]).filter((l) => l.rel === "item");
    expect(itemLinks).toHaveLength(snapshot.scenes.length + snapshot.changes.length);
    for (const link of itemLinks) {
      const id = link.href.split("/items/")[1]!.replace(/\.json.*$/, "");
      const item = stacItem({ ctx: sctx, itemId: id })!;
      expectValid("https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json", item);
      for (const ext of item.stac_extensions as string[]) expectValid(ext, item);
    }
  });

  it("scene items carry datetime, gsd, cloud cover, proj:code, licence and providers; tiles and thumbnail only where the licence allows display; never the raw file", async () => {
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug, releaseNumber: 1 });
    const sctx = { snapshot, origin: ORIGIN, pinned: true };
    const shown = stacItem({ ctx: sctx, itemId: `scene-${ctx.before.id}` })!;
    expect(shown.properties).toMatchObject({ datetime: "2001-07-15T00:00:00.000Z", "proj:code": "EPSG:31985", license: "Apache-2.0" });
    expect(Object.keys(shown.assets as object).sort()).toEqual(["thumbnail", "tiles"]);
    expect((shown.assets as Record<string, { href: string }>).tiles!.href).toMatch(/\/tiles\/\w+\/\{z\}\/\{x\}\/\{y\}\.webp\?r=[0-9a-f]{12}$/);
    const hidden = stacItem({ ctx: sctx, itemId: `scene-${ctx.after.id}` })!;
    expect(hidden.assets).toEqual({});
    const label = stacItem({ ctx: sctx, itemId: `change-${publishedId}` })!;
    expect(label.properties).toMatchObject({ "label:type": "vector", start_datetime: "2001-07-15T00:00:00.000Z", end_datetime: "2003-08-02T00:00:00.000Z" });
    expect(JSON.stringify([shown, hidden, label])).not.toMatch(/\/api\/scenes\/|\/original|\/cog|withheld-witness/);
  });
});

describe("OGC API – Features queries", () => {
  it("filters by bbox (exact geometry) and by datetime instants and intervals, and pages with next/prev", async () => {
    const items = indexChanges({ snapshots: await latestSnapshots(), origin: ORIGIN });
    expect(items.length).toBeGreaterThan(0);
    const q = (raw: Record<string, string>) => ItemsQuery.parse(raw);
    expect(filterChanges({ items, query: q({ bbox: "-34.9,-8.05,-34.8,-7.95" }) }).map((i) => i.feature.id)).toContain(publishedId);
    expect(filterChanges({ items, query: q({ bbox: "10,10,11,11" }) })).toHaveLength(0);
    // Inside the change's bounding box, between its two parts, touching neither: no match.
    expect(items.find((i) => i.feature.id === publishedId)!.bbox).toEqual([-34.87, -8.01, -34.858, -7.998]);
    expect(filterChanges({ items, query: q({ bbox: "-34.865,-8.005,-34.864,-8.004" }) }).map((i) => i.feature.id)).not.toContain(publishedId);
    expect(filterChanges({ items, query: q({ datetime: "2002-01-01T00:00:00Z" }) }).map((i) => i.feature.id)).toContain(publishedId);
    expect(filterChanges({ items, query: q({ datetime: "../2001-01-01" }) })).toHaveLength(0);
    expect(filterChanges({ items, query: q({ datetime: "2003-08-02/.." }) }).map((i) => i.feature.id)).toContain(publishedId);
    expect(() => q({ datetime: "yesterday" })).toThrow(/RFC 3339/);
    expect(() => q({ bbox: "1,2,3" })).toThrow(/four numbers/);
    expect(() => q({ limit: "0" })).toThrow(/at least 1/);
    const many = Array.from({ length: 25 }, (_, i) => ({ ...items[0]!, feature: { ...items[0]!.feature, id: `c${i}` } }));
    const page = itemsPage({ origin: ORIGIN, all: many, query: q({ limit: "10", offset: "10" }), rawQuery: new URLSearchParams("limit=10&offset=10") });
    expect(page).toMatchObject({ numberMatched: 25, numberReturned: 10 });
    const links = page.links as { rel: string; href: string }[];
    expect(links.find((l) => l.rel === "next")!.href).toContain("offset=20");
    expect(links.find((l) => l.rel === "prev")!.href).toContain("offset=0");
  });
});

describe("tips", () => {
  it("stores a tip for editors only, drops honeypot submissions silently, and limits each address", async () => {
    await expect(submitTip({ input: { message: "short" }, address: "203.0.113.9" })).rejects.toThrow(/at least 10/);
    await expect(submitTip({ input: { message: "A long enough tip", link: "javascript:alert(1)" }, address: "203.0.113.9" })).rejects.toThrow(/link/);
    expect(await submitTip({ input: { message: "Buy cheap things here", website: "http://spam.example" }, address: "203.0.113.9" })).toEqual({ stored: false });
    for (let i = 0; i < TIP_LIMITS.perHour; i++)
      await submitTip({ input: { message: `A new wall went up last week #${i}`, site: ctx.site.slug, contact: "signal: +1 555" }, address: "203.0.113.10" });
    await expect(submitTip({ input: { message: "One more tip from the same place" }, address: "203.0.113.10" })).rejects.toMatchObject({ code: "rate_limited" });
    await submitTip({ input: { message: "Another address is not limited", site: "unpublished-or-unknown" }, address: "203.0.113.11" });
    await expect(listTips({ user: analyst })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listTips({ user: null })).rejects.toMatchObject({ code: "not_signed_in" });
    const tips = await listTips({ user: editor });
    expect(tips).toHaveLength(TIP_LIMITS.perHour + 1);
    expect(tips.some((t) => t.body.includes("Buy cheap"))).toBe(false);
    expect(tips.find((t) => t.body.startsWith("Another address"))!.siteSlug).toBeNull();
    expect(tips.filter((t) => t.siteSlug === ctx.site.slug)[0]!.fromSameSender).toBe(TIP_LIMITS.perHour);
    const rows = await db.tip.findMany();
    expect(JSON.stringify(rows)).not.toContain("203.0.113");
  });
});

describe("unpublished work", () => {
  it("a change approved after the release is in no public read until the next release", async () => {
    const a = await createAnnotationIn("SUBMITTED", {
      siteId: ctx.site.id,
      author: analyst,
      scenes: { before: ctx.before, after: ctx.after },
      input: { description: "APPROVED-LATER-TEXT" },
    });
    await transitionAnnotation({ annotationId: a.id, actor: editor, input: { to: "APPROVED", version: a.version } });
    const all = JSON.stringify([await latestSnapshots(), changesFeatureCollection({ snapshot: (await getPublicSite({ slug: ctx.site.slug })).snapshot, origin: ORIGIN })]);
    expect(all).not.toContain("APPROVED-LATER-TEXT");
  });
});
