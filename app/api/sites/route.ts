// GET /api/sites — workspace list; POST /api/sites — create a site with its footprint
import { BODY_LIMITS, readJson, route } from "@/lib/http/route.server";
import { createSite } from "@/lib/sites/create-site.server";
import { listWorkspaceSites } from "@/lib/sites/list-workspace-sites.server";
import { CreateSiteInput } from "@/lib/sites/site.schema";
import { toSiteView } from "@/lib/sites/site-view";

export const GET = route("workspace:read", async () => {
  return Response.json({ sites: await listWorkspaceSites() });
});

export const POST = route("site:create", async (request, _context, actor) => {
  const input = CreateSiteInput.parse(await readJson(request, BODY_LIMITS.geometry));
  const site = await createSite({ input, actor });
  return Response.json({ site: toSiteView(site) }, { status: 201 });
});
