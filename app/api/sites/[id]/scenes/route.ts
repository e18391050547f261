// GET /api/sites/:id/scenes — the site's scenes; POST — multipart upload (`file` + metadata fields)
import { route } from "@/lib/http/route.server";
import { JobId } from "@/lib/jobs/jobs.server";
import { listScenesForSite } from "@/lib/scenes/get-scene.server";
import { jobView } from "@/lib/jobs/job-view";
import { acceptSceneUpload } from "@/lib/scenes/accept-scene-upload.server";
import { readSceneUpload } from "@/lib/scenes/read-scene-upload.server";
import { getSiteByIdOrThrow } from "@/lib/sites/get-site.server";
import { toSceneView } from "@/lib/scenes/scene-view";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }) => {
  const site = await getSiteByIdOrThrow((await params).id);
  return Response.json({ scenes: (await listScenesForSite(site.id)).map(toSceneView) });
});

// 202 with the PROCESSING scene and its conversion job once the file is staged and passes the
// structural checks (a worker converts it; GET /api/jobs/:id follows it); 200 when the same file
// was already stored and is ready (it is linked to this site). The same file as a scene still
// converting answers 202 with that job; as one whose conversion failed, it is converted again. `?job=<uuid>` (optional): the job's id, chosen by the browser.
export const POST = route<Ctx>("scene:upload", async (request, { params }, actor) => {
  const site = await getSiteByIdOrThrow((await params).id);
  const chosen = new URL(request.url).searchParams.get("job");
  const jobId = chosen === null ? undefined : JobId.parse(chosen);
  const { fields, staged } = await readSceneUpload(request);
  const { scene, job, deduplicated } = await acceptSceneUpload({ staged, siteId: site.id, metadata: fields as never, actor, jobId });
  if (!job) return Response.json({ scene: toSceneView(scene), job: null, deduplicated }, { status: 200 });
  return Response.json({ scene: toSceneView(scene), job: jobView(job), deduplicated }, { status: 202 });
});
