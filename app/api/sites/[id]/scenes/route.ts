// GET /api/sites/:id/scenes — the site's scenes; POST — multipart upload (`file` + metadata fields)
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { ingestStagedScene, listScenesForSite } from "@/lib/scenes/ingest-scene.server";
import { readSceneUpload } from "@/lib/scenes/read-scene-upload.server";
import { getSiteByIdOrThrow } from "@/lib/sites/sites.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const site = await getSiteByIdOrThrow((await params).id);
  return Response.json({ scenes: await listScenesForSite(site.id) });
});

export const POST = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "scene:upload");
  const site = await getSiteByIdOrThrow((await params).id);
  const { fields, staged } = await readSceneUpload(request);
  const { scene, deduplicated } = await ingestStagedScene({ staged, siteId: site.id, metadata: fields as never, actor });
  return Response.json({ scene, deduplicated }, { status: deduplicated ? 200 : 201 });
});
