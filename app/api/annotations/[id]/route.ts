// GET /api/annotations/:id — one change; PATCH — edit it (a new revision), carries `version` (409 if stale)
import { UpdateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { getChangeViewOrThrow, viewOfChange } from "@/lib/annotations/get-annotation.server";
import { updateAnnotation } from "@/lib/annotations/update-annotation.server";
import { BODY_LIMITS, readJson, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }) => {
  return Response.json({ annotation: await getChangeViewOrThrow((await params).id) });
});

export const PATCH = route<Ctx>("annotation:create", async (request, { params }, actor) => {
  const input = UpdateAnnotationInput.parse(await readJson(request, BODY_LIMITS.geometry));
  const { warnings, ...saved } = await updateAnnotation({ annotationId: (await params).id, input, actor });
  return Response.json({ annotation: await viewOfChange(saved), warnings });
});
