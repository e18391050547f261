// POST /api/sites/:id/detect-series — { sensitivity?, jobId? }: "Find when" across all the site's ready scenes; 202 with the job (poll GET /api/jobs/:id)
import { StartSeriesInput } from "@/lib/detect/detect.schema";
import { startSeriesDetection } from "@/lib/detect/start-series-detection.server";
import { readJson, route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>("annotation:create", async (request, { params }, actor) => {
  const input = StartSeriesInput.parse(await readJson(request));
  const job = await startSeriesDetection({ siteId: (await params).id, input, actor });
  return Response.json({ job }, { status: 202 });
});
