// GET /api/sites/:id — one site (signed in); PATCH /api/sites/:id — edit, carries `version`
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { getSiteByIdOrThrow, updateSite } from "@/lib/sites/sites.server";
import { UpdateSiteInput } from "@/lib/sites/site.schema";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ site: await getSiteByIdOrThrow((await params).id) });
});

export const PATCH = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "site:edit");
  const input = UpdateSiteInput.parse(await readJson(request));
  return Response.json({ site: await updateSite({ siteId: (await params).id, input, actor }) });
});
