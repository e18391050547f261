// GET /api/sites/:id/annotations — the site's changes (signed in); POST — create a DRAFT change
import { createAnnotation, listAnnotationsForSite } from "@/lib/annotations/annotations.server";
import { CreateAnnotationInput } from "@/lib/annotations/annotation.schema";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { getSiteByIdOrThrow } from "@/lib/sites/sites.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const site = await getSiteByIdOrThrow((await params).id);
  return Response.json({ annotations: await listAnnotationsForSite(site.id) });
});

export const POST = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "annotation:create");
  const input = CreateAnnotationInput.parse(await readJson(request));
  const annotation = await createAnnotation({ siteId: (await params).id, input, actor });
  return Response.json({ annotation }, { status: 201 });
});
