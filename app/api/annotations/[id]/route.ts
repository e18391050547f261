// GET /api/annotations/:id — one change; PATCH — edit it (a new revision), carries `version` (409 if stale)
import { getChangeViewOrThrow, loadTypeLabels, updateAnnotation } from "@/lib/annotations/annotations.server";
import { UpdateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { toChangeView } from "@/lib/annotations/change-view";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ annotation: await getChangeViewOrThrow((await params).id) });
});

export const PATCH = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "annotation:create");
  const input = UpdateAnnotationInput.parse(await readJson(request));
  const { warnings, ...saved } = await updateAnnotation({ annotationId: (await params).id, input, actor });
  return Response.json({ annotation: toChangeView(saved, await loadTypeLabels()), warnings });
});
