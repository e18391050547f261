// GET /api/sites/:id — one site (signed in); PATCH /api/sites/:id — edit, carries `version`
import { BODY_LIMITS, readJson, route } from "@/lib/http/route.server";
import { getSiteByIdOrThrow } from "@/lib/sites/get-site.server";
import { updateSite } from "@/lib/sites/update-site.server";
import { UpdateSiteInput } from "@/lib/sites/site.schema";
import { toSiteView } from "@/lib/sites/site-view";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }) => {
  return Response.json({ site: toSiteView(await getSiteByIdOrThrow((await params).id)) });
});

export const PATCH = route<Ctx>("site:edit", async (request, { params }, actor) => {
  const input = UpdateSiteInput.parse(await readJson(request, BODY_LIMITS.geometry));
  return Response.json({ site: toSiteView(await updateSite({ siteId: (await params).id, input, actor })) });
});
