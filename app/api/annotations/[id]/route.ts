// GET /api/annotations/:id — one change; PATCH — edit (new revision), carries `version`
import { getAnnotationOrThrow, updateAnnotation } from "@/lib/annotations/annotations.server";
import { UpdateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ annotation: await getAnnotationOrThrow((await params).id) });
});

export const PATCH = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "annotation:create");
  const input = UpdateAnnotationInput.parse(await readJson(request));
  return Response.json({ annotation: await updateAnnotation({ annotationId: (await params).id, input, actor }) });
});
