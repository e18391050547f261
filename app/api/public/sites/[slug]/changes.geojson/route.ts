// GET /api/public/sites/:slug/changes.geojson[?release=n] — the published changes as an RFC 7946 FeatureCollection (properties in the README)
import { publicOrigin, route } from "@/lib/http/route.server";
import { changesFeatureCollection } from "@/lib/publish/public-exports";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { downloadHeaders, releaseQuery } from "@/lib/publish/public-query";

export const GET = route<{ params: Promise<{ slug: string }> }>("public", async (request, { params }) => {
  const { snapshot } = await getPublicSite({ slug: (await params).slug, releaseNumber: releaseQuery(request) });
  const body = JSON.stringify(changesFeatureCollection({ snapshot, origin: publicOrigin(request) }));
  return new Response(body, { headers: downloadHeaders({ snapshot, ext: "geojson", contentType: "application/geo+json" }) });
});
