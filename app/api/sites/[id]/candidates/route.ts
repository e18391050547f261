// GET /api/sites/:id/candidates?before=SCENE&after=SCENE — change candidates of a pair (all, decided too), strongest first, and the site's accepted/dismissed counts
import { CandidateListQuery } from "@/lib/detect/detect.schema";
import { listCandidates } from "@/lib/detect/list-candidates.server";
import { route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ id: string }> }>("workspace:read", async (request, { params }) => {
  const pair = CandidateListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await listCandidates({ siteId: (await params).id, beforeSceneId: pair.before, afterSceneId: pair.after });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
