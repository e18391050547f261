// POST /api/sites/:id/detect — { beforeSceneId, afterSceneId, sensitivity?, jobId? }: starts change detection; 202 with the job (poll GET /api/jobs/:id)
import { requireCapability } from "@/lib/auth/session.server";
import { startDetection } from "@/lib/detect/detect.server";
import { StartDetectionInput } from "@/lib/detect/detect.schema";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "annotation:create");
  const input = StartDetectionInput.parse(await readJson(request));
  const job = await startDetection({ siteId: (await params).id, input, actor });
  return Response.json({ job }, { status: 202 });
});
