// GET /ogc/collections/changes — the collection's description and extent
import { fastPathHeader } from "@/lib/http/cache-control";
import { publicOrigin, route } from "@/lib/http/route.server";
import { assertCollection, ogcCollection } from "@/lib/publish/public-ogc.server";

export const GET = route<{ params: Promise<{ collectionId: string }> }>("public", async (request, { params }) => {
  assertCollection((await params).collectionId);
  return Response.json(await ogcCollection(publicOrigin(request)), { headers: { "Cache-Control": "public, max-age=60", ...fastPathHeader(false) } });
});
