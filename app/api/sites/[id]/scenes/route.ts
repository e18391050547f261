// GET /api/sites/:id/scenes — the site's scenes; POST — multipart upload (`file` + metadata fields)
import { route } from "@/lib/http/route.server";
import { JobId } from "@/lib/jobs/jobs.server";
import { listScenesForSite } from "@/lib/scenes/get-scene.server";
import { ingestWithJob } from "@/lib/scenes/ingest-scene.server";
import { readSceneUpload } from "@/lib/scenes/read-scene-upload.server";
import { getSiteByIdOrThrow } from "@/lib/sites/get-site.server";
import { toSceneView } from "@/lib/scenes/scene-view";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }) => {
  const site = await getSiteByIdOrThrow((await params).id);
  return Response.json({ scenes: (await listScenesForSite(site.id)).map(toSceneView) });
});

// `?job=<uuid>` (optional): the id under which GET /api/jobs/:id reports the conversion's progress.
export const POST = route<Ctx>("scene:upload", async (request, { params }, actor) => {
  const site = await getSiteByIdOrThrow((await params).id);
  const job = new URL(request.url).searchParams.get("job");
  const jobId = job === null ? null : JobId.parse(job);
  const { fields, staged } = await readSceneUpload(request);
  const { scene, deduplicated } = await ingestWithJob({ staged, siteId: site.id, metadata: fields as never, actor, jobId, signal: request.signal });
  return Response.json({ scene: toSceneView(scene), deduplicated }, { status: deduplicated ? 200 : 201 });
});
