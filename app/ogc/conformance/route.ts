// GET /ogc/conformance — the conformance classes implemented (Core, GeoJSON, OpenAPI 3.0)
import { fastPathHeader } from "@/lib/http/cache-control";
import { route } from "@/lib/http/route.server";
import { CONFORMANCE } from "@/lib/publish/public-ogc";

export const GET = route("public", async () => Response.json({ conformsTo: CONFORMANCE }, { headers: { "Cache-Control": "public, max-age=300", ...fastPathHeader(false) } }));
