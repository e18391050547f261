// GET /ogc/collections/changes/items/:id — one published change (GeoJSON Feature)
import { DomainError } from "@/lib/errors";
import { publicOrigin, route } from "@/lib/http/route.server";
import { itemDoc } from "@/lib/publish/public-ogc";
import { assertCollection, ogcChanges } from "@/lib/publish/public-ogc.server";

export const GET = route<{ params: Promise<{ collectionId: string; featureId: string }> }>("public", async (request, { params }) => {
  const { collectionId, featureId } = await params;
  assertCollection(collectionId);
  const origin = publicOrigin(request);
  const item = (await ogcChanges(origin)).find((i) => i.feature.id === featureId);
  if (!item) throw new DomainError("not_found", `no published change "${featureId}"`);
  return Response.json(itemDoc({ origin, item }), { headers: { "Content-Type": "application/geo+json", "Cache-Control": "public, max-age=60" } });
});
