// GET /ogc/collections — the one collection, `changes`
import { fastPathHeader } from "@/lib/http/cache-control";
import { publicOrigin, route } from "@/lib/http/route.server";
import { ogcCollections } from "@/lib/publish/public-ogc.server";

export const GET = route("public", async (request) => {
  const origin = publicOrigin(request);
  return Response.json(await ogcCollections(origin), { headers: { "Cache-Control": "public, max-age=60", ...fastPathHeader(false) } });
});
