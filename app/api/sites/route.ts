// GET /api/sites — workspace list; POST /api/sites — create a site with its footprint
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { createSite, listWorkspaceSites } from "@/lib/sites/sites.server";
import { CreateSiteInput } from "@/lib/sites/site.schema";

export const GET = route(async () => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ sites: await listWorkspaceSites() });
});

export const POST = route(async (request) => {
  const actor = requireCapability(await getRequestUser(), "site:create");
  const input = CreateSiteInput.parse(await readJson(request));
  const site = await createSite({ input, actor });
  return Response.json({ site }, { status: 201 });
});
