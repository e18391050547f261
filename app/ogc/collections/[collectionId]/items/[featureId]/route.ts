// GET /ogc/collections/changes/items/:id — one published change (GeoJSON Feature)
import { fastPathHeader } from "@/lib/http/cache-control";
import { publicOrigin, route } from "@/lib/http/route.server";
import { assertCollection, ogcItem } from "@/lib/publish/public-ogc.server";

export const GET = route<{ params: Promise<{ collectionId: string; featureId: string }> }>("public", async (request, { params }) => {
  const { collectionId, featureId } = await params;
  assertCollection(collectionId);
  return Response.json(await ogcItem({ origin: publicOrigin(request), featureId }), {
    headers: { "Content-Type": "application/geo+json", "Cache-Control": "public, max-age=60", ...fastPathHeader(false) },
  });
});
