// POST /api/jobs/:id/retry — queues a failed or cancelled job again; the starter or an admin only
import { route } from "@/lib/http/route.server";
import { retryJob } from "@/lib/jobs/retry-job.server";

export const POST = route<{ params: Promise<{ id: string }> }>("workspace:read", async (_request, { params }, user) => {
  return Response.json({ job: await retryJob({ jobId: (await params).id, user }) });
});
