// POST /api/jobs/:id/cancel — stops a queued or running job (seen by its worker within a second); the starter or an admin only
import { cancelJob } from "@/lib/jobs/cancel-job.server";
import { route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>("workspace:read", async (_request, { params }, user) => {
  return Response.json({ job: await cancelJob({ jobId: (await params).id, user }) });
});
