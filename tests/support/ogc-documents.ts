// The OGC documents of the installation DATABASE_URL names, for the queries of
// ogcQueries, through the functions the app/ogc routes call: path → JSON text
// (timeStamp, the one field that differs between calls, fixed).
import { DomainError } from "@/lib/errors";
import { ItemsQuery } from "@/lib/publish/public-ogc";
import { ogcCollection, ogcCollections, ogcItem, ogcItems } from "@/lib/publish/public-ogc.server";
import { ORIGIN } from "./ogc-fixture";

export async function ogcDocuments({ queries, featureIds }: { queries: string[]; featureIds: string[] }): Promise<Record<string, string>> {
  const docs: Record<string, string> = {};
  docs["/ogc/collections"] = JSON.stringify(await ogcCollections(ORIGIN));
  docs["/ogc/collections/changes"] = JSON.stringify(await ogcCollection(ORIGIN));
  for (const q of queries) {
    const rawQuery = new URLSearchParams(q);
    const doc = await ogcItems({ origin: ORIGIN, query: ItemsQuery.parse(Object.fromEntries(rawQuery)), rawQuery });
    docs[`/ogc/collections/changes/items?${q}`] = JSON.stringify({ ...doc, timeStamp: "fixed" });
  }
  for (const id of featureIds) {
    const at = `/ogc/collections/changes/items/${id}`;
    docs[at] = await ogcItem({ origin: ORIGIN, featureId: id }).then(JSON.stringify, (e: unknown) => (e instanceof DomainError ? `${e.code}: ${e.message}` : Promise.reject(e)));
  }
  return docs;
}
