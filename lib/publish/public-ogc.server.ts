// OGC API – Features documents from the published-change index (brought up to
// date once per release generation first): the routes in app/ogc call these.
import { DomainError } from "../errors";
import { db } from "../db.server";
import { memoPublic } from "./public-cache.server";
import { COLLECTION_ID, byCodePoint, collectionDoc, collectionsDoc, itemDoc, itemsDocument, type IndexedChange, type ItemsQuery } from "./public-ogc";
import { indexedChangeOfRow, servedFeature } from "./published-change";
import { publishedChangesExtent } from "./published-change-extent.server";
import { findPublishedChange } from "./published-change-find.server";
import { queryPublishedChanges } from "./published-change-query.server";
import { ensurePublishedChanges } from "./published-change-sync.server";

export function assertCollection(id: string): void {
  if (id !== COLLECTION_ID) throw new DomainError("not_found", `no collection "${id}": the one collection is "${COLLECTION_ID}"`);
}

/** GET /ogc/collections/changes/items: one page of the changes the query selects. */
export async function ogcItems({ origin, query, rawQuery }: { origin: string; query: ItemsQuery; rawQuery: URLSearchParams }): Promise<Record<string, unknown>> {
  await ensurePublishedChanges();
  const page = await queryPublishedChanges({ query });
  return itemsDocument({ origin, numberMatched: page.numberMatched, features: page.features.map((feature) => servedFeature({ feature, origin })), query, rawQuery });
}

/** GET /ogc/collections/changes/items/:id */
export async function ogcItem({ origin, featureId }: { origin: string; featureId: string }): Promise<Record<string, unknown>> {
  await ensurePublishedChanges();
  const feature = await findPublishedChange({ changeId: featureId });
  if (feature === null) throw new DomainError("not_found", `no published change "${featureId}"`);
  return itemDoc({ origin, feature: servedFeature({ feature, origin }) });
}

function extent() {
  return memoPublic({
    key: "ogc-extent",
    build: async () => {
      await ensurePublishedChanges();
      return publishedChangesExtent();
    },
  });
}

/** GET /ogc/collections/changes */
export async function ogcCollection(origin: string): Promise<Record<string, unknown>> {
  return collectionDoc({ origin, extent: await extent() });
}

/** GET /ogc/collections */
export async function ogcCollections(origin: string): Promise<Record<string, unknown>> {
  return collectionsDoc({ origin, extent: await extent() });
}

/** Every published change, in the collection's order (all pages at once: for comparing installations, not for requests). */
export async function ogcChanges(origin: string): Promise<IndexedChange[]> {
  await ensurePublishedChanges();
  const rows = await db.publishedChange.findMany();
  rows.sort((a, b) => byCodePoint(a.detectedBy, b.detectedBy) || byCodePoint(a.changeId, b.changeId));
  return rows.map((row) => indexedChangeOfRow({ row, origin }));
}
