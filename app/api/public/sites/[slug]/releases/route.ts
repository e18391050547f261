// GET /api/public/sites/:slug/releases — every release of the site, newest first, with what each changed.
// A release's own page is frozen; what later releases did to its changes is read from here.
import { publicDocument } from "@/lib/http/public-document.server";
import { route } from "@/lib/http/route.server";
import { getPublicReleaseHistory } from "@/lib/publish/public-read.server";

export const GET = route<{ params: Promise<{ slug: string }> }>("public", async (request, { params }) => {
  const releases = await getPublicReleaseHistory({ slug: (await params).slug });
  return publicDocument(request, JSON.stringify({ releases }), { pinned: false, headers: { "Content-Type": "application/json" } });
});
