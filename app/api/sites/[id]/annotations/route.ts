// GET /api/sites/:id/annotations — the site's changes (signed in); POST — create a DRAFT change (422 with the geometry problems, or 201 with warnings)
import { CreateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { createAnnotation } from "@/lib/annotations/create-annotation.server";
import { listChangeViewsForSite } from "@/lib/annotations/list-annotations.server";
import { BODY_LIMITS, readJson, route } from "@/lib/http/route.server";
import { getSiteByIdOrThrow } from "@/lib/sites/get-site.server";
import { viewOfChange } from "@/lib/annotations/get-annotation.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }) => {
  const site = await getSiteByIdOrThrow((await params).id);
  return Response.json({ annotations: await listChangeViewsForSite(site.id) });
});

export const POST = route<Ctx>("annotation:create", async (request, { params }, actor) => {
  const input = CreateAnnotationInput.parse(await readJson(request, BODY_LIMITS.geometry));
  const { warnings, ...saved } = await createAnnotation({ siteId: (await params).id, input, actor });
  return Response.json({ annotation: await viewOfChange(saved), warnings }, { status: 201 });
});
