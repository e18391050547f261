// GET /api/jobs/:id — progress of long work (ingest conversion, detection); the starter or an admin only
import { route } from "@/lib/http/route.server";
import { getJobForUser } from "@/lib/jobs/jobs.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }, user) => {
  return Response.json({ job: await getJobForUser({ id: (await params).id, user }) }, { headers: { "Cache-Control": "no-store" } });
});
