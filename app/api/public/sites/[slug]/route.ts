// GET /api/public/sites/:slug — latest release of one site (or ?release=n): site, scenes' public metadata, changes, history
import { route } from "@/lib/http/route.server";
import { getPublicSiteJson } from "@/lib/publish/public-read.server";
import { releaseQuery } from "@/lib/publish/public-query";

export const GET = route<{ params: Promise<{ slug: string }> }>("public", async (request, { params }) => {
  const body = await getPublicSiteJson({ slug: (await params).slug, releaseNumber: releaseQuery(request) });
  return new Response(body, { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=60" } });
});
