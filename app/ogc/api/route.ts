// GET /ogc/api — OpenAPI 3.0 definition of the OGC API – Features endpoints
import { fastPathHeader } from "@/lib/http/cache-control";
import { publicOrigin, route } from "@/lib/http/route.server";
import { openApi } from "@/lib/publish/public-ogc";

export const GET = route("public", async (request) =>
  Response.json(openApi(publicOrigin(request)), {
    headers: { "Content-Type": "application/vnd.oai.openapi+json;version=3.0", "Cache-Control": "public, max-age=300", ...fastPathHeader(false) },
  }),
);
