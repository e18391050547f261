// GET /api/public/sites — GeoJSON FeatureCollection of published sites (from release snapshots only)
import { fastPathHeader } from "@/lib/http/cache-control";
import { route } from "@/lib/http/route.server";
import { listPublishedSites } from "@/lib/publish/public-read.server";

export const dynamic = "force-dynamic";

export const GET = route("public", async () =>
  Response.json(await listPublishedSites(), { headers: { "Content-Type": "application/geo+json", "Cache-Control": "public, max-age=60", ...fastPathHeader(false) } }),
);
