// POST /api/annotations/:id/transitions — { to, comment?, version }: move a change through review (409 if stale, with what happened since)
import { loadTypeLabels } from "@/lib/annotations/annotations.server";
import { TransitionInput } from "@/lib/annotations/annotation.schema";
import { toChangeView } from "@/lib/annotations/change-view";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "workspace:read");
  const input = TransitionInput.parse(await readJson(request));
  const moved = await transitionAnnotation({ annotationId: (await params).id, input, actor });
  return Response.json({ annotation: toChangeView(moved, await loadTypeLabels()) });
});
