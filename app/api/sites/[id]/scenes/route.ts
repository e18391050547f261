// GET /api/sites/:id/scenes — the site's scenes; POST — multipart upload (`file` + metadata fields)
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { JobId } from "@/lib/jobs/jobs.server";
import { ingestWithJob, listScenesForSite } from "@/lib/scenes/ingest-scene.server";
import { readSceneUpload } from "@/lib/scenes/read-scene-upload.server";
import { getSiteByIdOrThrow } from "@/lib/sites/sites.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const site = await getSiteByIdOrThrow((await params).id);
  return Response.json({ scenes: await listScenesForSite(site.id) });
});

// `?job=<uuid>` (optional): the id under which GET /api/jobs/:id reports the conversion's progress.
export const POST = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "scene:upload");
  const site = await getSiteByIdOrThrow((await params).id);
  const job = new URL(request.url).searchParams.get("job");
  const jobId = job === null ? null : JobId.parse(job);
  const { fields, staged } = await readSceneUpload(request);
  const { scene, deduplicated } = await ingestWithJob({ staged, siteId: site.id, metadata: fields as never, actor, jobId, signal: request.signal });
  return Response.json({ scene, deduplicated }, { status: deduplicated ? 200 : 201 });
});
