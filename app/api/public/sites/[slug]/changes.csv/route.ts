// GET /api/public/sites/:slug/changes.csv[?release=n] — the published changes, one row each, geometry as WKT (columns in the README)
import { publicOrigin, route } from "@/lib/http/route.server";
import { changesCsv } from "@/lib/publish/public-exports";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { downloadHeaders, releaseQuery } from "@/lib/publish/public-query";

export const GET = route<{ params: Promise<{ slug: string }> }>(async (request, { params }) => {
  const { snapshot } = await getPublicSite((await params).slug, releaseQuery(request));
  return new Response(changesCsv(snapshot, publicOrigin(request)), { headers: downloadHeaders(snapshot, "csv", "text/csv; charset=utf-8; header=present") });
});
