// POST /api/sites/:id/detect — { beforeSceneId, afterSceneId, sensitivity?, jobId? }: starts change detection; 202 with the job (poll GET /api/jobs/:id)
import { startDetection } from "@/lib/detect/start-detection.server";
import { StartDetectionInput } from "@/lib/detect/detect.schema";
import { readJson, route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>("annotation:create", async (request, { params }, actor) => {
  const input = StartDetectionInput.parse(await readJson(request));
  const job = await startDetection({ siteId: (await params).id, input, actor });
  return Response.json({ job }, { status: 202 });
});
