// GET /api/public/sites/:slug — latest release of one site (or ?release=n): site, scenes' public metadata, changes, history
import { publicDocument } from "@/lib/http/public-document.server";
import { route } from "@/lib/http/route.server";
import { getPublicSiteJson } from "@/lib/publish/public-read.server";
import { releaseQuery } from "@/lib/publish/public-query";

export const GET = route<{ params: Promise<{ slug: string }> }>("public", async (request, { params }) => {
  const release = releaseQuery(request);
  const body = await getPublicSiteJson({ slug: (await params).slug, releaseNumber: release });
  return publicDocument(request, body, { pinned: release !== undefined, headers: { "Content-Type": "application/json" } });
});
