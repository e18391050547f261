// GET /api/public/sites/:slug/stac/catalog.json[?release=n] — STAC catalog of a release: scene items and label items of its changes
import { publicDocument } from "@/lib/http/public-document.server";
import { publicOrigin, route } from "@/lib/http/route.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { releaseQuery } from "@/lib/publish/public-query";
import { stacCatalog } from "@/lib/publish/public-stac";

export const GET = route<{ params: Promise<{ slug: string }> }>("public", async (request, { params }) => {
  const release = releaseQuery(request);
  const { snapshot } = await getPublicSite({ slug: (await params).slug, releaseNumber: release });
  const body = JSON.stringify(stacCatalog({ snapshot, origin: publicOrigin(request), pinned: release !== undefined }));
  return publicDocument(request, body, { pinned: release !== undefined, headers: { "Content-Type": "application/json" } });
});
