// GET /ogc/collections/changes — the collection's description and extent
import { publicOrigin, route } from "@/lib/http/route.server";
import { collectionDoc } from "@/lib/publish/public-ogc";
import { assertCollection, ogcChanges } from "@/lib/publish/public-ogc.server";

export const GET = route<{ params: Promise<{ collectionId: string }> }>("public", async (request, { params }) => {
  assertCollection((await params).collectionId);
  const origin = publicOrigin(request);
  return Response.json(collectionDoc({ origin, items: await ogcChanges(origin) }), { headers: { "Cache-Control": "public, max-age=60" } });
});
