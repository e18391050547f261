// GET /api/sites/:id/annotations — the site's changes (signed in); POST — create a DRAFT change (422 with the geometry problems, or 201 with warnings)
import { createAnnotation, listChangeViewsForSite, loadTypeLabels } from "@/lib/annotations/annotations.server";
import { CreateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { toChangeView } from "@/lib/annotations/change-view";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { getSiteByIdOrThrow } from "@/lib/sites/sites.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const site = await getSiteByIdOrThrow((await params).id);
  return Response.json({ annotations: await listChangeViewsForSite(site.id) });
});

export const POST = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "annotation:create");
  const input = CreateAnnotationInput.parse(await readJson(request));
  const { warnings, ...saved } = await createAnnotation({ siteId: (await params).id, input, actor });
  return Response.json({ annotation: toChangeView(saved, await loadTypeLabels()), warnings }, { status: 201 });
});
