// GET /ogc — OGC API – Features landing page
import { fastPathHeader } from "@/lib/http/cache-control";
import { publicOrigin, route } from "@/lib/http/route.server";
import { landingPage } from "@/lib/publish/public-ogc";

export const GET = route("public", async (request) =>
  Response.json(landingPage(publicOrigin(request)), { headers: { "Cache-Control": "public, max-age=300", ...fastPathHeader(false) } }),
);
