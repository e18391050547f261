// GET /api/public/sites/:slug/changes.csv[?release=n] — the published changes, one row each, geometry as WKT (columns in the README)
import { publicDocument } from "@/lib/http/public-document.server";
import { publicOrigin, route } from "@/lib/http/route.server";
import { changesCsv } from "@/lib/publish/public-exports";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { downloadHeaders, releaseQuery } from "@/lib/publish/public-query";

export const GET = route<{ params: Promise<{ slug: string }> }>("public", async (request, { params }) => {
  const release = releaseQuery(request);
  const { snapshot } = await getPublicSite({ slug: (await params).slug, releaseNumber: release });
  return publicDocument(request, changesCsv({ snapshot, origin: publicOrigin(request) }), {
    pinned: release !== undefined,
    headers: downloadHeaders({ snapshot, ext: "csv", contentType: "text/csv; charset=utf-8; header=present" }),
  });
});
