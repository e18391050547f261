// GET /api/sites/:id/candidates?before=SCENE&after=SCENE — change candidates of a pair (all, decided too), strongest first, and the site's accepted/dismissed counts
import { requireCapability } from "@/lib/auth/session.server";
import { listCandidates } from "@/lib/detect/detect.server";
import { getRequestUser, route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const url = new URL(request.url);
  const result = await listCandidates((await params).id, { beforeSceneId: url.searchParams.get("before") ?? undefined, afterSceneId: url.searchParams.get("after") ?? undefined });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
