// GET /ogc/collections/changes/items?bbox=&datetime=&limit=&offset= — a page of published changes (GeoJSON)
import { fastPathHeader } from "@/lib/http/cache-control";
import { publicOrigin, route } from "@/lib/http/route.server";
import { ItemsQuery } from "@/lib/publish/public-ogc";
import { assertCollection, ogcItems } from "@/lib/publish/public-ogc.server";

export const GET = route<{ params: Promise<{ collectionId: string }> }>("public", async (request, { params }) => {
  assertCollection((await params).collectionId);
  const raw = new URL(request.url).searchParams;
  const query = ItemsQuery.parse(Object.fromEntries(raw));
  return Response.json(await ogcItems({ origin: publicOrigin(request), query, rawQuery: raw }), {
    headers: { "Content-Type": "application/geo+json", "Cache-Control": "public, max-age=60", ...fastPathHeader(false) },
  });
});
