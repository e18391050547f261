// GET /api/public/sites/:slug/changes.geojson[?release=n] — the published changes as an RFC 7946 FeatureCollection (properties in the README)
import { publicDocument } from "@/lib/http/public-document.server";
import { publicOrigin, route } from "@/lib/http/route.server";
import { changesFeatureCollection } from "@/lib/publish/public-exports";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { downloadHeaders, releaseQuery } from "@/lib/publish/public-query";

export const GET = route<{ params: Promise<{ slug: string }> }>("public", async (request, { params }) => {
  const release = releaseQuery(request);
  const { snapshot } = await getPublicSite({ slug: (await params).slug, releaseNumber: release });
  const body = JSON.stringify(changesFeatureCollection({ snapshot, origin: publicOrigin(request) }));
  return publicDocument(request, body, { pinned: release !== undefined, headers: downloadHeaders({ snapshot, ext: "geojson", contentType: "application/geo+json" }) });
});
