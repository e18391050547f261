// GET /api/sites/:id/candidates?before=SCENE&after=SCENE — change candidates of a pair (all, decided too), strongest first, and the site's accepted/dismissed counts
import { listCandidates } from "@/lib/detect/list-candidates.server";
import { route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ id: string }> }>("workspace:read", async (request, { params }) => {
  const url = new URL(request.url);
  const result = await listCandidates({
    siteId: (await params).id,
    beforeSceneId: url.searchParams.get("before") ?? undefined,
    afterSceneId: url.searchParams.get("after") ?? undefined,
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
