// See public-documents.mjs. The same functions the public routes call, with a
// fixed origin; a tile's bytes as base64.
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { changesCsv, changesFeatureCollection } from "@/lib/publish/public-exports";
import { ogcChanges } from "@/lib/publish/public-ogc.server";
import { getPublicSite, getPublicSiteJson, listPublishedSites } from "@/lib/publish/public-read.server";
import { changeItemId, sceneItemId, stacCatalog, stacItem } from "@/lib/publish/public-stac";
import { getPublicTile } from "@/lib/publish/public-tiles.server";

const ORIGIN = "https://sitewatch.example.org";
const docs: Record<string, string> = {};

const sites = await listPublishedSites();
docs["/api/public/sites"] = JSON.stringify(sites);
docs["/ogc/collections/changes/items (all)"] = JSON.stringify(await ogcChanges(ORIGIN));
for (const feature of sites.features) {
  const slug = feature.properties.slug;
  const latest = await getPublicSite({ slug });
  for (const n of [undefined, ...latest.history.map((h) => h.number)]) {
    const at = `/api/public/sites/${slug}${n === undefined ? "" : `?release=${n}`}`;
    const { snapshot, snapshotSha256 } = await getPublicSite({ slug, releaseNumber: n });
    docs[at] = await getPublicSiteJson({ slug, releaseNumber: n });
    docs[`${at} snapshotSha256`] = snapshotSha256;
    docs[`${at} changes.geojson`] = JSON.stringify(changesFeatureCollection({ snapshot, origin: ORIGIN }));
    docs[`${at} changes.csv`] = changesCsv({ snapshot, origin: ORIGIN });
    const ctx = { snapshot, origin: ORIGIN, pinned: n !== undefined };
    docs[`${at} stac/catalog.json`] = JSON.stringify(stacCatalog(ctx));
    for (const itemId of [...snapshot.scenes.map((s) => sceneItemId(s.id)), ...snapshot.changes.map((c) => changeItemId(c.id))]) {
      docs[`${at} stac/items/${itemId}.json`] = JSON.stringify(stacItem({ ctx, itemId }));
    }
    for (const scene of snapshot.scenes) {
      const [x, y] = tilesCovering([-34.87, -8.01, -34.87, -8.01], 12)[0]!;
      const tile = await getPublicTile({ sceneId: scene.id, z: "12", x: String(x), yFile: `${y}.webp`, renderKey: null, ifNoneMatch: null });
      docs[`/tiles/${scene.id}/12/${x}/${y}.webp`] = `${tile.status} ${Buffer.isBuffer(tile.body) ? tile.body.toString("base64") : String(tile.body)}`;
    }
  }
}
process.stdout.write(JSON.stringify(docs));
const g = globalThis as unknown as { sitewatchDb?: { $disconnect(): Promise<void> } };
await g.sitewatchDb?.$disconnect();
