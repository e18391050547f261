// POST /api/annotations/:id/transitions — { to, comment?, version }: move a change through review (409 if stale, with what happened since)
import { TransitionInput } from "@/lib/annotations/annotation.schema";
import { readJson, route } from "@/lib/http/route.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { viewOfChange } from "@/lib/annotations/get-annotation.server";

export const POST = route<{ params: Promise<{ id: string }> }>("workspace:read", async (request, { params }, actor) => {
  const input = TransitionInput.parse(await readJson(request));
  const moved = await transitionAnnotation({ annotationId: (await params).id, input, actor });
  return Response.json({ annotation: await viewOfChange(moved) });
});
